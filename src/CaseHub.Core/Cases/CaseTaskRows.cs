using CaseHub.Core.Data;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Core.Cases;

/// <summary>
/// Keeps a ticket's tasks in step with its workflow: every user-task bookmark becomes a task in the lists
/// (a plain <c>CaseHub.UserTask</c> as much as an approval), and a completed one records who ended it and
/// how — in the step's own transaction, so a task exists exactly while its workflow waits for it.
/// </summary>
internal sealed class CaseTaskRows(CaseHubDbContext db, TimeProvider time) : IWorkflowStepObserver
{
    public async ValueTask BeforeCommitAsync(WorkflowStepCommit step, CancellationToken ct)
    {
        if (TicketIntake.TicketIdOf(step.Input) is not { } ticketId) return;
        if (step.Resumed is { Bookmark.Kind: BookmarkKinds.UserTask } resumed
            && await db.Set<CaseTask>().FindAsync([resumed.Bookmark.Id], ct) is { CompletedAt: null } closed)
        {
            var done = TaskCompletion.From(resumed);
            closed.Complete(time.GetUtcNow(), resumed.ResumedBy, done.Outcome, done.Comment);
        }

        foreach (var bookmark in step.AddedBookmarks.Where(b => b.Kind == BookmarkKinds.UserTask))
        {
            // Case activities open their task themselves, with the provider and state they chose.
            if (db.Set<CaseTask>().Local.Any(t => t.Id == bookmark.Id)) continue;
            if (await db.Set<Ticket>().FindAsync([ticketId], ct) is not { } ticket) return;
            var task = bookmark.Payload;
            db.Set<CaseTask>().Add(new CaseTask
            {
                Id = bookmark.Id, TicketId = ticket.Id, Kind = Values.ToText(task?["kind"]) ?? "task",
                Title = Values.ToText(task?["title"]) ?? bookmark.ActivityId, Role = Values.ToText(task?["role"]) ?? "",
                JurisdictionId = Values.ToText(task?["jurisdictionId"]) is { Length: > 0 } place ? place : ticket.JurisdictionId,
                ProviderId = Values.ToText(task?["providerId"]), Outcomes = string.Join(',', Values.ToList(task?["outcomes"])),
                WorkflowInstanceId = step.InstanceId, CreatedAt = time.GetUtcNow(), DueAt = bookmark.DueAt,
            });
        }
    }
}
