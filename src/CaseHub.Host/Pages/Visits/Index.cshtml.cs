using System.Text.Json;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Visits;
using CaseHub.Host.Api;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Pages.Visits;

/// <summary>
/// Recurring island visits: the month's calendar per island, the plans with their cron read in Chinese and the next
/// five dates, the plan editor, cancelling and moving a visit, a provider recording its visit, and the pairings with
/// their coverage. Every read and write goes through <see cref="VisitService"/> (and the case facade for the visit task).
/// </summary>
[Authorize(Roles = $"{Roles.Administrator},{Roles.CountyOfficer},{Roles.Provider},{Roles.StationStaff}")]
public sealed class IndexModel(VisitService visits, CaseService cases, CaseVisibility visibility, CaseHubDbContext db, TimeProvider clock,
    IStringLocalizer<UiText> L) : PageModel
{
    public sealed record Option(string Id, string Name);

    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    /// <summary>The plan the editor shows; none: a new plan.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Plan { get; set; }

    [BindProperty] public string? ServiceCode { get; set; }
    [BindProperty] public string? JurisdictionId { get; set; }
    [BindProperty] public string? ProviderId { get; set; }
    [BindProperty] public string? Cron { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public bool Paused { get; set; }

    public VisitMonth Shown { get; private set; }
    public List<PlanView> Plans { get; private set; } = [];
    public List<VisitView> Visits { get; private set; } = [];
    public List<PairingView> Pairings { get; private set; } = [];
    public List<CoverageRow> Coverage { get; private set; } = [];
    public List<PairingAlertView> Alerts { get; private set; } = [];
    public List<Option> Islands { get; private set; } = [];
    public List<Option> Providers { get; private set; } = [];
    public List<Option> Services { get; private set; } = [];
    public Dictionary<string, string> Names { get; private set; } = [];
    /// <summary>The tickets on which the signed-in provider has an open visit task, with that task's outcomes.</summary>
    public Dictionary<Guid, TaskView> MyVisitTasks { get; private set; } = [];
    /// <summary>Field errors of the form that was refused, in the reader's language, keyed by form ("plan", a visit id…) and field.</summary>
    public Dictionary<string, string> Errors { get; private set; } = [];
    public string? ErrorsFor { get; private set; }
    [TempData] public string? Notice { get; set; }

    public bool MayPlan => User.IsInRole(Roles.Administrator) || User.IsInRole(Roles.CountyOfficer) || User.IsInRole(Roles.Provider);
    public bool MayPair => User.IsInRole(Roles.Administrator) || User.IsInRole(Roles.CountyOfficer);
    public bool IsProvider => User.IsInRole(Roles.Provider);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReadMonth()) return await ShowAsync("month", new() { ["month"] = L["月份格式应为 2026-12"] }, ct);
        if (Plan is { } id && Plans.Count == 0)
        {
            var plan = await visits.ReadPlanAsync(User.Actor(), id, ct);
            if (!plan.Succeeded) return NotFound();
            (ServiceCode, JurisdictionId, ProviderId, Cron, TimeZone, Paused) =
                (plan.Value!.ServiceCode, plan.Value.JurisdictionId, plan.Value.ProviderId, plan.Value.Cron, plan.Value.TimeZone, plan.Value.Paused);
        }
        return await ShowAsync(null, null, ct);
    }

    /// <summary>The editor's live reading of a cron (htmx): the Chinese reading and the next five dates, or what is wrong.</summary>
    public IActionResult OnGetPreview(string? cron, string? timeZone)
    {
        var (schedule, _, problem) = VisitSchedule.TryParse(cron, timeZone);
        return Partial("_CronPreview", schedule is null
            ? new CronPreview(null, [], Bilingual.Half(problem))
            : new CronPreview(schedule.Describe(), [.. schedule.NextFew(clock.GetUtcNow(), 5).Select(schedule.Format)], null));
    }

    public async Task<IActionResult> OnPostPlanAsync(CancellationToken ct)
    {
        ReadMonth();
        var body = new PlanRequest(ServiceCode, JurisdictionId, ProviderId, Cron, TimeZone, null, Paused);
        if (Plan is { } id)
        {
            var updated = await visits.UpdatePlanAsync(User.Actor(), id, body, ct);
            if (!updated.Succeeded) return await RefusedAsync("plan", updated.Problem!, ct);
            Notice = L["走访计划已保存"];
            return RedirectToPage(null, new { Month, Plan = id });
        }
        var created = await visits.CreatePlanAsync(User.Actor(), body, ct);
        if (!created.Succeeded) return await RefusedAsync("plan", created.Problem!, ct);
        Notice = L["已制定走访计划，下次上岛：{0}", ChinaTime.Format(created.Value!.NextRunAt)];
        return RedirectToPage(null, new { Month, Plan = created.Value.Id });
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid visitId, string? reason, string? rescheduleTo, CancellationToken ct)
    {
        ReadMonth();
        var done = await visits.CancelVisitAsync(User.Actor(), visitId, new CancelVisit(reason, rescheduleTo), ct);
        if (!done.Succeeded) return await RefusedAsync(visitId.ToString(), done.Problem!, ct);
        Notice = L["已取消并改期至 {0}", ChinaTime.Format(done.Value!.RescheduledFor)];
        return RedirectToPage(null, new { Month });
    }

    /// <summary>
    /// The provider's visit task, from this page: confirm the trip, or record it done with the residents served (one per
    /// line: name, then an optional mobile number) or not done with the reason; the case facade checks it as the API does.
    /// </summary>
    public async Task<IActionResult> OnPostRecordAsync(Guid ticketId, Guid visitId, string? outcome, string? residents, string? comment, CancellationToken ct)
    {
        ReadMonth();
        var task = (await cases.ListTasksAsync(User.Actor(), new TaskFilter(VisitTask.Kind, 1, CaseService.MaxTaskPageSize), ct)).Value?.Items
            .FirstOrDefault(t => t.TicketId == ticketId);
        if (task is null) return await RefusedAsync(visitId.ToString(), new CaseProblem(L["没有待办的上岛任务"], ""), ct);
        JsonElement? data = null;
        if (outcome == VisitTask.Done)
            data = JsonSerializer.SerializeToElement(new { residents = ParseResidents(residents) });
        var done = await cases.CompleteTaskAsync(User.Actor(), task.Id, new CompleteTask(outcome, string.IsNullOrWhiteSpace(comment) ? null : comment, data), ct);
        if (!done.Succeeded) return await RefusedAsync(visitId.ToString(), done.Problem!, ct);
        Notice = outcome switch { VisitTask.Confirm => L["已确认上岛行程"], VisitTask.Done => L["已登记上岛服务"], _ => L["已登记未能上岛"] };
        return RedirectToPage(null, new { Month });
    }

    public async Task<IActionResult> OnPostPairingAsync(string? pairingProviderId, string? pairingIslandId, int? visitsPerMonth, CancellationToken ct)
    {
        ReadMonth();
        var done = await visits.CreatePairingAsync(User.Actor(), new PairingRequest(pairingProviderId, pairingIslandId, visitsPerMonth), ct);
        if (!done.Succeeded) return await RefusedAsync("pairing", done.Problem!, ct);
        Notice = L["已设立结对：{0} ↔ {1}", done.Value!.ProviderName ?? "", done.Value.IslandName ?? ""];
        return RedirectToPage(null, new { Month });
    }

    /// <summary>"王阿婆 13905801234" per line; the number is optional.</summary>
    private static List<object> ParseResidents(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var parts = line.Split([' ', '\t', '，', ','], StringSplitOptions.RemoveEmptyEntries);
            return parts.Length > 1 && parts[^1].All(char.IsAsciiDigit)
                ? (object)new { name = string.Join(" ", parts[..^1]), phone = parts[^1] }
                : new { name = line };
        })];

    private bool ReadMonth()
    {
        if (string.IsNullOrEmpty(Month))
        {
            Shown = VisitMonth.Of(clock.GetUtcNow());
            Month = Shown.ToString();
            return true;
        }
        if (VisitMonth.TryParse(Month, out var m)) { Shown = m; return true; }
        Shown = VisitMonth.Of(clock.GetUtcNow());
        return false;
    }

    private Task<IActionResult> RefusedAsync(string form, CaseProblem problem, CancellationToken ct)
    {
        var errors = problem.Errors?.ToDictionary(e => e.Key, e => Bilingual.Half(e.Value.FirstOrDefault())) ?? [];
        if (errors.Count == 0) errors[""] = problem.Detail is { Length: > 0 } d ? $"{Bilingual.Half(problem.Title)}：{Bilingual.Half(d)}" : Bilingual.Half(problem.Title);
        return ShowAsync(form, errors, ct);
    }

    private async Task<IActionResult> ShowAsync(string? form, Dictionary<string, string>? errors, CancellationToken ct)
    {
        (ErrorsFor, Errors) = (form, errors ?? []);
        var actor = User.Actor();
        Plans = (await visits.ListPlansAsync(actor, ct)).Value!;
        Visits = (await visits.VisitsInMonthAsync(actor, Shown.ToString(), ct)).Value!;
        Pairings = (await visits.ListPairingsAsync(actor, ct)).Value!;
        Coverage = (await visits.CoverageAsync(actor, Shown.ToString(), ct)).Value!;
        Alerts = (await visits.ListAlertsAsync(actor, ct)).Value!;
        if (IsProvider)
            MyVisitTasks = ((await cases.ListTasksAsync(actor, new TaskFilter(VisitTask.Kind, 1, CaseService.MaxTaskPageSize), ct)).Value?.Items ?? [])
                .GroupBy(t => t.TicketId).ToDictionary(g => g.Key, g => g.First());

        var area = await visibility.AreaAsync(actor, ct);
        var islands = db.Jurisdictions.AsNoTracking().Where(j => j.Kind == JurisdictionKind.Island);
        if (!IsProvider && area is not null) islands = islands.Within(area);
        Islands = await islands.OrderBy(j => j.Name).Select(j => new Option(j.Id, j.Name)).ToListAsync(ct);
        var providers = db.Providers.AsNoTracking().Where(p => p.Accreditation == DispatchCandidates.Contracted);
        if (IsProvider) providers = providers.Where(p => p.Id == actor.ProviderId);
        Providers = await providers.OrderBy(p => p.Name).Select(p => new Option(p.Id, p.Name)).ToListAsync(ct);
        Services = (await db.ServiceItems.AsNoTracking().Where(i => i.Mode != "on_demand").OrderBy(i => i.Code).Select(i => new Option(i.Code, i.Name)).ToListAsync(ct))
            .DistinctBy(o => o.Id).ToList();
        var placeIds = Visits.Select(v => v.JurisdictionId).Concat(Plans.Select(p => p.JurisdictionId)).Concat(Pairings.Select(p => p.JurisdictionId)).Distinct().ToList();
        Names = await db.Jurisdictions.AsNoTracking().Where(j => placeIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, j => j.Name, ct);
        foreach (var p in await db.Providers.AsNoTracking().Select(p => new { p.Id, p.Name }).ToListAsync(ct)) Names.TryAdd(p.Id, p.Name);
        foreach (var s in Services) Names.TryAdd(s.Id, s.Name);
        return Page();
    }
}

public sealed record CronPreview(string? Reading, List<string> NextDates, string? Problem);
