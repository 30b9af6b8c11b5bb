using CaseHub.Workflows.Activities;

namespace CaseHub.Core.Cases;

/// <summary>
/// A case activity that waits for a person, as <c>CaseHub.UserTask</c> does: the completer must pick one of
/// the task's outcomes, and a completion closes the task before the activity decides what follows.
/// </summary>
internal abstract class CaseTaskActivity : IActivity
{
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    public virtual async ValueTask<ResumeErrors?> ValidateResumeAsync(ResumeCheck check)
    {
        var errors = UserTaskActivity.Check(check.Bookmark, check.Payload, check.ResumedBy);
        if (errors is not null || check.ResumedBy is null) return errors;
        return await CheckDataAsync(check, TaskCompletion.From(new BookmarkResume(check.Bookmark, check.Payload, check.ResumedBy)));
    }

    /// <summary>The activity's own rules for what a person submits with an outcome (a decline needs a reason…).</summary>
    protected virtual ValueTask<ResumeErrors?> CheckDataAsync(ResumeCheck check, TaskCompletion done) => ValueTask.FromResult<ResumeErrors?>(null);

    public virtual async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var step = await CaseStep.LoadAsync(context);
        // The task row itself is closed with the step (CaseTaskRows), whichever activity opened it.
        var done = TaskCompletion.From(resume);
        return await CompletedAsync(context, step, done, step.Actor(resume), resume);
    }

    /// <summary>What the outcome means for the ticket, and the port (or the next task) that follows.</summary>
    protected abstract Task<ActivityResult> CompletedAsync(ActivityContext context, CaseStep step, TaskCompletion done, string actor, BookmarkResume resume);
}
