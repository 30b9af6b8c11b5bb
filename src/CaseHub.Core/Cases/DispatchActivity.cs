using System.Text.Json.Nodes;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Cases;

/// <summary>
/// <c>CaseHub.Dispatch</c>: sends the ticket to a provider, whose users <c>Accept</c> or <c>Decline</c>
/// (with a reason). A decline or a timeout (<c>dueHours</c>: working hours, paused by suspensions) sends it to
/// the next eligible provider; when none is left, the county officer gets the task and can <c>Assign</c> a
/// provider (data <c>providerId</c>) or <c>Close</c> the ticket. <c>assignedBy: county</c> skips the automatic
/// choice (a reopened ticket goes to the county officer first); <c>title</c> then names the officer's task, and
/// the provider the officer assigns gets the provider's own. Ports: <c>Accepted</c>, <c>Closed</c>.
/// </summary>
internal sealed class DispatchActivity : CaseTaskActivity
{
    public const string Type = "CaseHub.Dispatch";
    public static readonly string[] ProviderOutcomes = ["Accept", "Decline"];
    public static readonly string[] CountyOutcomes = ["Assign", "Close"];
    private const string ProviderTitle = "接单确认";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var step = await CaseStep.LoadAsync(context);
        if (CountyAssigns(context))
            return ActivityResult.Block(await CountyTaskAsync(step, [], "reopened", context.EvaluateText("title")));
        var preferred = new[] { context.EvaluateText("providerId"), Values.ToText(context.Scope.Input.GetValueOrDefault("providerId")) };
        return ActivityResult.Block(await NextAsync(context, step, preferred, []));
    }

    protected override async Task<ActivityResult> CompletedAsync(ActivityContext context, CaseStep step, TaskCompletion done, string actor, BookmarkResume resume)
    {
        var tried = Values.ToList(done.State["tried"]).ToList();
        var provider = Values.ToText(resume.Bookmark.Payload?["providerId"]);
        switch (done.Outcome)
        {
            case "Accept":
                step.Timeline.Move(step.Ticket, TicketStatus.Accepted, actor, new { providerId = provider, comment = done.Comment });
                return ActivityResult.Complete("Accepted");
            case "Decline" or UserTaskActivity.TimedOut:
                step.Timeline.Record(step.Ticket, done.Outcome == "Decline" ? "dispatch.declined" : "dispatch.timed_out", actor,
                    new { providerId = provider, reason = done.Comment });
                return ActivityResult.Block(await NextAsync(context, step, [], [.. tried, provider!]));
            case "Assign":
                return ActivityResult.Block(await NextAsync(context, step, [done.DataText("providerId")], tried, onlyPreferred: true));
            default: // Close: the county officer ends it without (further) service
                var end = TicketStateMachine.CanMove(step.Ticket.Status, TicketStatus.Closed) ? TicketStatus.Closed : TicketStatus.Cancelled;
                step.Timeline.Move(step.Ticket, end, actor, new { reason = done.Comment });
                return ActivityResult.Complete("Closed");
        }
    }

    /// <summary>A decline needs a reason; an assignment needs a contracted provider.</summary>
    protected override async ValueTask<ResumeErrors?> CheckDataAsync(ResumeCheck check, TaskCompletion done)
    {
        switch (done.Outcome)
        {
            case "Decline" when string.IsNullOrWhiteSpace(done.Comment):
                return ResumeErrors.Of("comment", "拒单须说明原因 / a decline needs a reason");
            case "Assign":
                var provider = done.DataText("providerId");
                if (provider is null) return ResumeErrors.Of("data.providerId", "指派须选择服务方 / choose the provider to assign");
                var db = check.Services.GetRequiredService<CaseHubDbContext>();
                return await DispatchCandidates.IsContractedAsync(db, provider, check.CancellationToken)
                    ? null : ResumeErrors.Of("data.providerId", $"'{provider}' 不是签约服务方 / is not a contracted provider");
            default:
                return null;
        }
    }

    /// <summary>The dispatch task for the first eligible provider not tried yet, or the county officer's task when none is left.</summary>
    private static async Task<BookmarkSpec> NextAsync(ActivityContext context, CaseStep step, IEnumerable<string?> preferred, List<string> tried,
        bool onlyPreferred = false)
    {
        var place = await step.PlaceAsync();
        var candidates = await DispatchCandidates.ForAsync(step.Db, place, step.Ticket.ServiceCode, preferred);
        var next = onlyPreferred
            ? candidates.FirstOrDefault(p => preferred.Contains(p.Id))
            : candidates.FirstOrDefault(p => !tried.Contains(p.Id));
        if (next is null) return await CountyTaskAsync(step, tried, "no_provider_left");

        step.Ticket.ProviderId = next.Id;
        step.Timeline.Move(step.Ticket, TicketStatus.Dispatched, CaseStep.WorkflowActor,
            new { providerId = next.Id, providerName = next.Name, attempt = tried.Count + 1 });
        // With assignedBy: county the node's title is the officer's ("复核重办：指派服务方"), not the provider's.
        var title = CountyAssigns(context) ? ProviderTitle : context.EvaluateText("title") ?? ProviderTitle;
        var hours = Values.ToNumber(context.Evaluate("dueHours"));
        return step.OpenTask(TaskKinds.Dispatch, title, Roles.Provider, place.Id, next.Id, ProviderOutcomes, await step.DueInAsync(hours),
            new() { ["tried"] = new JsonArray([.. tried.Select(t => JsonValue.Create(t))]) }, hours);
    }

    private static bool CountyAssigns(ActivityContext context) => context.EvaluateText("assignedBy") == "county";

    private static async Task<BookmarkSpec> CountyTaskAsync(CaseStep step, List<string> tried, string reason, string? title = null)
    {
        var county = await step.AncestorAsync(JurisdictionKind.County);
        step.Ticket.ProviderId = null;
        step.Timeline.Record(step.Ticket, "dispatch.to_county", CaseStep.WorkflowActor, new { reason, tried });
        step.Timeline.MoveIfNeeded(step.Ticket, TicketStateMachine.AwaitingAssignment(step.Ticket.Status), CaseStep.WorkflowActor, new { reason });
        title ??= reason == "reopened" ? "复核重办：指派服务方" : "无可派服务方：请指派";
        return step.OpenTask(TaskKinds.Dispatch, title, Roles.CountyOfficer,
            county.Id, null, CountyOutcomes, null, new() { ["tried"] = new JsonArray([.. tried.Select(t => JsonValue.Create(t))]) });
    }
}
