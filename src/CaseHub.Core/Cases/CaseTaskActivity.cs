using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;

namespace CaseHub.Core.Cases;

/// <summary>
/// A case activity that waits for a person, as <c>CaseHub.UserTask</c> does: the completer must pick one of
/// the task's outcomes, and a completion closes the task before the activity decides what follows.
/// </summary>
internal abstract class CaseTaskActivity : IActivity
{
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    public virtual string? ValidateResume(BookmarkSpec bookmark, JsonNode? payload, string? resumedBy) =>
        UserTaskActivity.CheckOutcome(bookmark, payload, resumedBy);

    public virtual async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var step = await CaseStep.LoadAsync(context);
        var done = await step.CloseTaskAsync(resume);
        return await CompletedAsync(context, step, done, step.Actor(resume), resume);
    }

    /// <summary>What the outcome means for the ticket, and the port (or the next task) that follows.</summary>
    protected abstract Task<ActivityResult> CompletedAsync(ActivityContext context, CaseStep step, TaskCompletion done, string actor, BookmarkResume resume);
}
