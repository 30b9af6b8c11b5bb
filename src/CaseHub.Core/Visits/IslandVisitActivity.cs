using System.Text.Json.Nodes;
using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Logging;
using CaseHub.Core.Residents;
using CaseHub.Core.Text;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Visits;

/// <summary>The provider's visit task as the task lists name it: its kind and outcomes.</summary>
public static class VisitTask
{
    public const string Kind = "visit";
    public const string Confirm = "Confirm";
    public const string Done = "Done";
    public const string NotDone = "NotDone";
}

/// <summary>
/// <c>CaseHub.IslandVisit</c>: the provider's visit task on a visit ticket. First <c>Confirm</c> the trip, then record
/// <c>Done</c> with data <c>residents</c> (<c>[{ name, phone? }]</c>, one line on the ticket each) or <c>NotDone</c>
/// with the reason as comment. The ticket goes to the plan's provider (input <c>providerId</c>) without choosing among
/// others: the plan already names who visits. Ports: <c>Done</c>, <c>NotDone</c>.
/// </summary>
internal sealed class IslandVisitActivity : CaseTaskActivity
{
    public const string Type = "CaseHub.IslandVisit";
    public const string Kind = VisitTask.Kind;
    public const string Confirm = VisitTask.Confirm;
    public const string Done = VisitTask.Done;
    public const string NotDone = VisitTask.NotDone;
    public const int MaxResidents = 200;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var step = await CaseStep.LoadAsync(context);
        var provider = Values.ToText(context.Scope.Input.GetValueOrDefault("providerId"))
            ?? throw new InvalidOperationException($"{Type} needs the plan's provider as input 'providerId' (ticket {step.Ticket.Number}).");
        step.Ticket.ProviderId = provider;
        step.Timeline.Move(step.Ticket, TicketStatus.Dispatched, CaseStep.WorkflowActor, new { providerId = provider, source = "visit plan" });
        return ActivityResult.Block(step.OpenTask(Kind, "确认上岛行程", Roles.Provider, step.Ticket.JurisdictionId, provider, [Confirm], null,
            new() { ["stage"] = "confirm" }));
    }

    protected override ValueTask<ResumeErrors?> CheckDataAsync(ResumeCheck check, TaskCompletion done) => ValueTask.FromResult(done.Outcome switch
    {
        NotDone when string.IsNullOrWhiteSpace(done.Comment) => ResumeErrors.Of("comment", "未能上岛须说明原因 / a visit not done needs the reason"),
        Done => CheckResidents(done.Data["residents"]),
        _ => null,
    });

    private static ResumeErrors? CheckResidents(JsonNode? residents)
    {
        if (residents is not JsonArray list || list.Count == 0)
            return ResumeErrors.Of("data.residents", "请登记服务的居民（至少一位）/ list the residents served (at least one)");
        if (list.Count > MaxResidents) return ResumeErrors.Of("data.residents", $"一次最多登记 {MaxResidents} 位 / at most {MaxResidents} residents");
        var errors = new ResumeErrors();
        for (var i = 0; i < list.Count; i++)
        {
            var name = Values.ToText(list[i]?["name"])?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > Resident.NameMaxLength)
                errors[$"data.residents[{i}].name"] = [$"请填写姓名（最多 {Resident.NameMaxLength} 字）/ name is required, at most {Resident.NameMaxLength} characters"];
            else if (PlainText.Check(name, multiLine: false) is { } bad) errors[$"data.residents[{i}].name"] = [bad.ToString()];
            if (Values.ToText(list[i]?["phone"]) is { Length: > 0 } phone && ResidentInput.NormalisePhone(phone) is null)
                errors[$"data.residents[{i}].phone"] = ["须为 11 位大陆手机号 / must be an 11-digit mainland mobile number"];
        }
        return errors.Count == 0 ? null : errors;
    }

    protected override async Task<ActivityResult> CompletedAsync(ActivityContext context, CaseStep step, TaskCompletion done, string actor, BookmarkResume resume)
    {
        var provider = step.Ticket.ProviderId;
        if (done.Outcome == Confirm)
        {
            step.Timeline.Move(step.Ticket, TicketStatus.Accepted, actor, new { providerId = provider, comment = done.Comment });
            return ActivityResult.Block(step.OpenTask(Kind, "登记上岛服务", Roles.Provider, step.Ticket.JurisdictionId, provider, [Done, NotDone], null,
                new() { ["stage"] = "record" }));
        }

        var visit = await step.Db.Set<Visit>().Where(v => v.TicketId == step.Ticket.Id && v.Status == VisitStatus.Scheduled)
            .OrderByDescending(v => v.ScheduledFor).FirstOrDefaultAsync();
        if (done.Outcome == NotDone)
        {
            if (visit is not null) Record(visit, VisitStatus.Cancelled, done.Comment!.Trim(), step, actor, null);
            step.Timeline.Move(step.Ticket, TicketStatus.Cancelled, actor, new { reason = done.Comment });
            return ActivityResult.Complete(NotDone);
        }

        var served = (JsonArray)done.Data["residents"]!;
        for (var i = 0; i < served.Count; i++)
        {
            // One line per resident; `line` keeps the provider's order, as the lines may share one timestamp.
            var phone = ResidentInput.NormalisePhone(Values.ToText(served[i]?["phone"]));
            step.Timeline.Record(step.Ticket, "visit.resident_served", actor,
                new { line = i + 1, name = Values.ToText(served[i]?["name"])!.Trim(), phone = phone is null ? null : PersonalData.MaskPhone(phone) });
        }
        if (visit is not null) Record(visit, VisitStatus.Done, null, step, actor, served.Count);
        step.Timeline.Move(step.Ticket, TicketStatus.Delivered, actor, new { residentsServed = served.Count, notes = done.Comment });
        return ActivityResult.Complete(Done);
    }

    private static void Record(Visit visit, VisitStatus status, string? reason, CaseStep step, string actor, int? served)
    {
        visit.Status = status;
        visit.Reason = reason is null ? null : reason[..Math.Min(reason.Length, Visit.ReasonMaxLength)];
        visit.ResidentsServed = served;
        visit.RecordedAt = step.Now;
        visit.RecordedBy = actor;
    }
}
