using System.Text.Json.Nodes;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Cases;

/// <summary>
/// <c>CaseHub.ReturnVisit</c>: on the next working day the staff of the ticket's station call the
/// resident. <c>Satisfied</c> ends it; <c>Unsatisfied</c> reopens the ticket (the workflow sends it to
/// the county officer); <c>Unreachable</c> tries again the next working day, up to <c>maxAttempts</c>
/// (default 3) calls, then continues through <c>Unreachable</c>.
/// </summary>
internal sealed class ReturnVisitActivity : CaseTaskActivity
{
    public const string Type = "CaseHub.ReturnVisit";
    public static readonly string[] Outcomes = ["Satisfied", "Unsatisfied", "Unreachable"];
    private const int DefaultAttempts = 3;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ActivityResult.Block(await CallTomorrowAsync(context, attempt: 1));

    public override ValueTask<ResumeErrors?> ValidateResumeAsync(ResumeCheck check) =>
        check.Bookmark.Kind == BookmarkKinds.Timer
            ? ValueTask.FromResult(check.ResumedBy is null ? null : ResumeErrors.Of("outcome", "回访尚未到时间 / The return visit is not due yet."))
            : base.ValidateResumeAsync(check);

    /// <summary>The next-working-day timer opens the call; a completed call is handled as every case task is.</summary>
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume) =>
        resume.Bookmark.Kind == BookmarkKinds.Timer
            ? ActivityResult.Block(await OpenCallAsync(await CaseStep.LoadAsync(context), await CalendarAsync(context), Attempt(resume)))
            : await base.ResumeAsync(context, resume);

    private static int Attempt(BookmarkResume resume) =>
        (int)(Values.ToNumber(resume.Payload?["attempt"] ?? resume.Bookmark.Payload?["state"]?["attempt"]) ?? 1);

    protected override async Task<ActivityResult> CompletedAsync(ActivityContext context, CaseStep step, TaskCompletion done, string actor, BookmarkResume resume)
    {
        var attempt = Attempt(resume);
        step.Timeline.Record(step.Ticket, "return_visit", actor, new { outcome = done.Outcome, attempt, comment = done.Comment });
        switch (done.Outcome)
        {
            case "Unsatisfied":
                step.Timeline.Move(step.Ticket, TicketStatus.Reopened, actor, new { reason = done.Comment, source = "return_visit" });
                return ActivityResult.Complete(done.Outcome);
            case "Unreachable" or UserTaskActivity.TimedOut:
                var max = (int)(Values.ToNumber(context.Evaluate("maxAttempts")) ?? DefaultAttempts);
                return attempt < max ? ActivityResult.Block(await CallTomorrowAsync(context, attempt + 1)) : ActivityResult.Complete("Unreachable");
            default:
                return ActivityResult.Complete(done.Outcome);
        }
    }

    /// <summary>A timer for the next working day's opening; when it fires the call task opens.</summary>
    private static async Task<BookmarkSpec> CallTomorrowAsync(ActivityContext context, int attempt)
    {
        var (opens, _) = (await CalendarAsync(context)).NextWorkingDay(context.Now);
        return new BookmarkSpec(BookmarkKinds.Timer, "return-visit", context.Scope.CorrelationId, DueAt: opens,
            TimeoutPayload: new JsonObject { ["attempt"] = attempt });
    }

    /// <summary>The call task for the station on the ticket's island, due when that working day closes.</summary>
    private static async Task<BookmarkSpec> OpenCallAsync(CaseStep step, BusinessCalendar calendar, int attempt)
    {
        var place = await step.PlaceAsync();
        var station = place.Kind == JurisdictionKind.Station
            ? place
            : await step.Db.Jurisdictions.AsNoTracking().Where(j => j.ParentId == place.Id && j.Kind == JurisdictionKind.Station)
                .OrderBy(j => j.Id).FirstOrDefaultAsync();
        var closes = calendar.IsWorkingDay(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(step.Now, BusinessCalendar.ChinaTime).DateTime))
            ? calendar.NextWorkingDay(step.Now.AddDays(-1)).Closes
            : calendar.NextWorkingDay(step.Now).Closes;
        // A call opened after today's close (its timer ran late) gets the next working day, instead of a due time
        // already past that would time it out at once and count a call nobody made as unreachable.
        if (closes <= step.Now) closes = calendar.NextWorkingDay(step.Now).Closes;
        // Islands without a station are called by the caseworkers of the island.
        return step.OpenTask(TaskKinds.ReturnVisit, attempt == 1 ? "服务回访" : $"服务回访（第{attempt}次）",
            station is null ? Roles.Caseworker : Roles.StationStaff, (station ?? place).Id, null, Outcomes, closes,
            new() { ["attempt"] = attempt });
    }

    private static Task<BusinessCalendar> CalendarAsync(ActivityContext context) =>
        context.Services.GetRequiredService<BusinessCalendarSource>().LoadAsync();
}
