using System.Text.Json.Nodes;
using CaseHub.Core.Identity;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;

namespace CaseHub.Core.Cases;

/// <summary>
/// <c>CaseHub.AwaitDelivery</c>: the service is under way; the provider's users record it done with
/// <c>Delivered</c> and data <c>notes</c>, <c>servedAt</c>, <c>servedBy</c>. With <c>dueHours</c> (working hours,
/// paused by suspensions) a <c>TimedOut</c> port follows when nothing is recorded in time.
/// </summary>
internal sealed class AwaitDeliveryActivity : CaseTaskActivity
{
    public const string Type = "CaseHub.AwaitDelivery";
    public const string Delivered = "Delivered";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var step = await CaseStep.LoadAsync(context);
        var provider = step.Ticket.ProviderId
            ?? throw new InvalidOperationException($"Ticket {step.Ticket.Number} has no provider; put a CaseHub.Dispatch before CaseHub.AwaitDelivery.");
        step.Timeline.MoveIfNeeded(step.Ticket, TicketStatus.InService, CaseStep.WorkflowActor, new { providerId = provider });
        var title = context.EvaluateText("title") ?? "登记服务完成";
        var hours = Values.ToNumber(context.Evaluate("dueHours"));
        return ActivityResult.Block(step.OpenTask(TaskKinds.Delivery, title, Roles.Provider, step.Ticket.JurisdictionId, provider, [Delivered],
            await step.DueInAsync(hours), dueHours: hours));
    }

    protected override Task<ActivityResult> CompletedAsync(ActivityContext context, CaseStep step, TaskCompletion done, string actor, BookmarkResume resume)
    {
        if (done.Outcome != Delivered)
        {
            step.Timeline.Record(step.Ticket, "delivery.overdue", actor);
            return Task.FromResult(ActivityResult.Complete(done.Outcome));
        }
        step.Timeline.Move(step.Ticket, TicketStatus.Delivered, actor, new
        {
            notes = done.DataText("notes") ?? done.Comment,
            servedAt = done.DataText("servedAt") ?? step.Now.ToString("O"),
            servedBy = done.DataText("servedBy") ?? actor,
        });
        return Task.FromResult(ActivityResult.Complete(Delivered));
    }
}
