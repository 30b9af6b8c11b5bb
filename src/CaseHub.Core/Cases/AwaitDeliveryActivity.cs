using System.Globalization;
using System.Text.Json.Nodes;
using CaseHub.Core.Identity;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>The record of the service: a served time with its offset, notes and the server's name as text.</summary>
    protected override ValueTask<ResumeErrors?> CheckDataAsync(ResumeCheck check, TaskCompletion done)
    {
        var errors = new ResumeErrors();
        if (done.Data["servedAt"] is { } at)
        {
            if (!(at is JsonValue v && v.TryGetValue<string>(out var text)
                  && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var served)))
                errors["data.servedAt"] = ["请填写服务时间（带时区的 ISO-8601 时间） / must be an ISO-8601 time with offset"];
            // A record of a service not yet given is a mistake (a wrong day or year); a few minutes allow for clocks apart.
            else if (served > check.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(5))
                errors["data.servedAt"] = ["服务时间不能晚于现在 / the service cannot have been given in the future"];
        }
        foreach (var field in new[] { "notes", "servedBy" })
            if (done.Data[field] is { } value && !(value is JsonValue s && s.TryGetValue<string>(out _)))
                errors[$"data.{field}"] = ["须为文本 / must be text"];
        return ValueTask.FromResult(errors.Count == 0 ? null : errors);
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
