using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;

namespace CaseHub.Core.Cases;

/// <summary><c>CaseHub.SetTicketStatus</c>: moves the ticket to <c>status</c> through the state machine (a move it forbids faults the workflow).</summary>
internal sealed class SetTicketStatusActivity : IActivity
{
    public const string Type = "CaseHub.SetTicketStatus";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var text = context.EvaluateText("status");
        if (!Enum.TryParse<TicketStatus>(text, ignoreCase: false, out var status) || !Enum.IsDefined(status))
            throw new InvalidOperationException($"status must be one of {string.Join(", ", Enum.GetNames<TicketStatus>())}, not '{text}'.");
        var step = await CaseStep.LoadAsync(context);
        step.Timeline.MoveIfNeeded(step.Ticket, status, CaseStep.WorkflowActor, new { activity = context.Node.Id });
        return ActivityResult.Complete();
    }
}

/// <summary><c>CaseHub.CloseTicket</c>: closes the ticket (after delivery, or when the county officer ends a reopened one).</summary>
internal sealed class CloseTicketActivity : IActivity
{
    public const string Type = "CaseHub.CloseTicket";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var step = await CaseStep.LoadAsync(context);
        step.Timeline.MoveIfNeeded(step.Ticket, TicketStatus.Closed, CaseStep.WorkflowActor, new { reason = context.EvaluateText("reason") });
        return ActivityResult.Complete();
    }
}
