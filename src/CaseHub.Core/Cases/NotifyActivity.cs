using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;

namespace CaseHub.Core.Cases;

/// <summary>
/// <c>CaseHub.Notify</c>: renders <c>text</c> (usually a Liquid template over <c>Input</c> and
/// <c>Variables</c>, e.g. <c>您的{{ Input.serviceName }}工单{{ Input.number }}已受理</c>) and queues it in
/// the outbox for <c>to</c> (<c>resident</c>, <c>provider</c> or <c>station</c>). The message leaves
/// only if the step commits; the host's notification adapters deliver it.
/// </summary>
internal sealed class NotifyActivity : IActivity
{
    public const string Type = "CaseHub.Notify";
    public const string Topic = "casehub.notify";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var step = await CaseStep.LoadAsync(context);
        var text = context.EvaluateText("text");
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidOperationException("CaseHub.Notify needs a text.");
        var to = context.EvaluateText("to") ?? "resident";
        context.Publish(Topic, new JsonObject
        {
            ["ticketId"] = step.Ticket.Id.ToString(), ["number"] = step.Ticket.Number, ["to"] = to,
            ["residentId"] = step.Ticket.ResidentId.ToString(), ["providerId"] = step.Ticket.ProviderId,
            ["jurisdictionId"] = step.Ticket.JurisdictionId, ["text"] = text,
        });
        step.Timeline.Record(step.Ticket, "notified", CaseStep.WorkflowActor, new { to, text });
        return ActivityResult.Complete();
    }
}
