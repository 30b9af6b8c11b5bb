using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;

namespace CaseHub.Core.Cases;

/// <summary>
/// <c>CaseHub.Approval</c>: a caseworker or county officer decides <c>Approved</c>, <c>Rejected</c> or
/// <c>NeedsInfo</c>. <c>level</c> says whose desk it lands on: <c>local</c> (the ticket's own place,
/// a caseworker or county officer), <c>township</c> (the township above the island) or <c>county</c>
/// (county officers only). Two approvals in a row make the township-then-county chain.
/// </summary>
internal sealed class ApprovalActivity : CaseTaskActivity
{
    public const string Type = "CaseHub.Approval";
    public static readonly string[] Decisions = ["Approved", "Rejected", "NeedsInfo"];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var step = await CaseStep.LoadAsync(context);
        var level = context.EvaluateText("level") ?? "local";
        var (place, role) = level switch
        {
            "county" => (await step.AncestorAsync(JurisdictionKind.County), Roles.CountyOfficer),
            "township" => (await step.AncestorAsync(JurisdictionKind.Township), $"{Roles.Caseworker},{Roles.CountyOfficer}"),
            "local" => (await step.PlaceAsync(), $"{Roles.Caseworker},{Roles.CountyOfficer}"),
            _ => throw new InvalidOperationException($"level must be local, township or county, not '{level}'."),
        };
        step.Timeline.MoveIfNeeded(step.Ticket, TicketStatus.PendingApproval, CaseStep.WorkflowActor);
        var title = context.EvaluateText("title") ?? "审核服务申请";
        var hours = Values.ToNumber(context.Evaluate("dueHours"));
        return ActivityResult.Block(step.OpenTask(TaskKinds.Approval, title, role, place.Id, null, Decisions, await step.DueInAsync(hours),
            new() { ["level"] = level }, hours));
    }

    protected override Task<ActivityResult> CompletedAsync(ActivityContext context, CaseStep step, TaskCompletion done, string actor, BookmarkResume resume)
    {
        step.Timeline.Record(step.Ticket, "approval", actor, new { level = Values.ToText(done.State["level"]), outcome = done.Outcome, comment = done.Comment });
        if (done.Outcome == "Rejected") step.Timeline.Move(step.Ticket, TicketStatus.Rejected, actor, new { reason = done.Comment });
        return Task.FromResult(ActivityResult.Complete(done.Outcome));
    }
}
