using CaseHub.Core.Data;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Core.Cases;

/// <summary>
/// Puts a ticket's workflow faults and retries on its timeline, whichever step faulted (intake, a task, a timer,
/// a retry): caseworkers see why the ticket stopped moving. The event joins the faulted step's unit of work. It
/// names the activity and the error, not the stack, which stays with the instance for administrators.
/// </summary>
internal sealed class TicketIncidents(CaseHubDbContext db, TicketTimeline timeline) : IWorkflowIncidentSink
{
    public const string Faulted = "workflow.faulted";
    public const string Retried = "workflow.retried";

    public async ValueTask FaultedAsync(IncidentContext incident, CancellationToken ct)
    {
        if (await TicketOfAsync(incident, ct) is not { } ticket) return;
        var i = incident.Incident;
        timeline.Record(ticket, Faulted, CaseStep.WorkflowActor, new
        {
            instanceId = incident.Run.InstanceId, definition = incident.Run.DefinitionId, version = incident.Run.Version,
            activityId = i.ActivityId, activityType = i.ActivityType, error = i.ExceptionType, message = i.Message,
        });
    }

    public async ValueTask RetriedAsync(IncidentContext incident, string retriedBy, CancellationToken ct)
    {
        if (await TicketOfAsync(incident, ct) is not { } ticket) return;
        timeline.Record(ticket, Retried, retriedBy, new
        {
            instanceId = incident.Run.InstanceId, definition = incident.Run.DefinitionId, version = incident.Run.Version,
            activityId = incident.Incident.ActivityId,
        });
    }

    // The same key the case activities use; Find also sees a ticket intake is still adding in this transaction.
    private async Task<Ticket?> TicketOfAsync(IncidentContext incident, CancellationToken ct) =>
        TicketIntake.TicketIdOf(incident.Input) is { } id ? await db.Set<Ticket>().FindAsync([id], ct) : null;
}
