using System.Text.Json;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Modules;
using CaseHub.Core.Providers;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using CaseHub.Host.Api;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Pages.County;

/// <summary>
/// The county officer's desk: overdue tickets to acknowledge, suspensions (typhoon, ferries stopped) and module
/// switches. Each action calls the Core service its API endpoint calls, under the same jurisdiction rule.
/// </summary>
[Authorize(Roles = $"{Roles.CountyOfficer},{Roles.Administrator}")]
public sealed class IndexModel(CaseService cases, Suspensions suspensions, ModuleAccess access, ModuleRegistry registry,
    ProviderDirectory providers, CaseHubDbContext db, TimeProvider clock, IStringLocalizer<UiText> L) : PageModel
{
    public sealed record IslandOption(string Id, string Name);
    public sealed record ModuleRow(string Id, string Name, string NameEn, bool Enabled);
    public sealed record MovedTicket(Guid TicketId, string Number, string Place, DateTimeOffset? OldDueAt, DateTimeOffset? NewDueAt);
    public sealed record Declared(string Place, DateTimeOffset From, DateTimeOffset To, string Reason);

    [BindProperty] public List<string> Islands { get; set; } = [];
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>The suspensions just declared (after the redirect), by id in the query string.</summary>
    [BindProperty(SupportsGet = true)] public List<Guid> DeclaredIds { get; set; } = [];

    public Jurisdiction Home { get; private set; } = null!;
    public IReadOnlyList<TaskView> Escalations { get; private set; } = [];
    public IReadOnlyList<IslandOption> IslandOptions { get; private set; } = [];
    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];
    public IReadOnlyList<Declared> JustDeclared { get; private set; } = [];
    public IReadOnlyList<MovedTicket> Moved { get; private set; } = [];
    public IReadOnlyList<Suspension> Current { get; private set; } = [];
    public IReadOnlyDictionary<string, string> PlaceNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<ProviderResponse> Providers { get; private set; } = [];
    /// <summary>The places inside the officer's area: a provider registered at one of them is theirs to manage (the service's rule).</summary>
    public IReadOnlySet<string> Managed { get; private set; } = new HashSet<string>();
    /// <summary>The provider whose accreditation form was refused, with what it said by field (action, reason, deadline).</summary>
    public string? AccreditFor { get; private set; }
    public IReadOnlyDictionary<string, string> AccreditErrors { get; private set; } = new Dictionary<string, string>();
    [TempData] public string? Notice { get; set; }
    /// <summary>The section the notice belongs to: after a redirect the page opens there (its fragment), so the notice is in view.</summary>
    [TempData] public string? NoticeIn { get; set; }
    /// <summary>The section whose action was refused: the error is shown in it, next to the form.</summary>
    public string? ErrorIn { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Completes an escalation task with the outcome of the button pressed, as <c>POST /api/tasks/{id}/complete</c> does.</summary>
    public async Task<IActionResult> OnPostCompleteAsync(string? taskId, string? outcome, CancellationToken ct)
    {
        var done = await cases.CompleteTaskAsync(User.Actor(), taskId ?? "", new CompleteTask(outcome, null, null), ct);
        if (!done.Succeeded) return await Refused(Problem(done.Problem), ct, "escalations");
        Notice = L["已确认超时工单"];
        return Back("escalations");
    }

    /// <summary>Declares one suspension per island chosen, as <c>POST /api/jurisdictions/{id}/suspensions</c> does.</summary>
    public async Task<IActionResult> OnPostSuspendAsync(CancellationToken ct)
    {
        var fromOk = TimeText.TryRead(From, out var from);
        var toOk = TimeText.TryRead(To, out var to);
        if (Islands.Count == 0) ModelState.AddModelError(nameof(Islands), L["请至少选择一个海岛"]);
        if (!fromOk) ModelState.AddModelError(nameof(From), L["请填写开始时间"]);
        if (!toOk) ModelState.AddModelError(nameof(To), L["请填写结束时间"]);
        else if (fromOk && to <= from) ModelState.AddModelError(nameof(To), L["结束时间必须晚于开始时间"]);
        var reason = Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) ModelState.AddModelError(nameof(Reason), L["请填写暂停原因"]);
        else if (reason.Length > Suspension.ReasonMaxLength) ModelState.AddModelError(nameof(Reason), L["原因不能超过 {0} 个字", Suspension.ReasonMaxLength]);

        var places = new List<Jurisdiction>();
        foreach (var id in Islands.Distinct())
        {
            var place = await db.Jurisdictions.FindAsync([id], ct);
            if (place is null) ModelState.AddModelError(nameof(Islands), L["找不到海岛 {0}", id]);
            else if (!User.CanSee(place)) ModelState.AddModelError(nameof(Islands), L["{0} 不在您的管辖范围内，不能宣布暂停", place.Name]);
            else places.Add(place);
        }
        if (!ModelState.IsValid) return await Refused(null, ct, "suspension");

        var ids = new List<Guid>();
        foreach (var place in places)
            ids.Add((await suspensions.DeclareAsync(place, from, to, reason!, User.Name(), ct)).Id);
        Notice = L["已为 {0} 个海岛宣布暂停", places.Count];
        NoticeIn = "suspension";
        return RedirectToPage(pageName: null, pageHandler: null, routeValues: new { DeclaredIds = ids }, fragment: "declared");
    }

    /// <summary>Switches a module on or off for a place, as <c>PUT /api/jurisdictions/{id}/modules/{moduleId}</c> does.</summary>
    public async Task<IActionResult> OnPostModuleAsync(string? place, string? moduleId, bool? enabled, CancellationToken ct)
    {
        if (enabled is not { } on) return await Refused(L["请选择启用或停用"], ct, "modules");
        var target = await db.Jurisdictions.FindAsync([place ?? ""], ct);
        if (target is null) return await Refused(L["找不到辖区 {0}", place ?? ""], ct, "modules");
        if (registry.Find(moduleId ?? "") is null) return await Refused(L["找不到模块 {0}", moduleId ?? ""], ct, "modules");
        if (!User.CanSee(target)) return await Refused(L["{0} 不在您的管辖范围内，不能更改模块", target.Name], ct, "modules");
        await access.SetAsync(target, moduleId!, on, User.Name(), ct);
        Notice = on ? L["已启用模块"] : L["已停用模块"];
        return Back("modules");
    }

    /// <summary>One accreditation step (contract, notice, restore, revoke), as <c>POST /api/providers/{id}/accreditation</c> does.</summary>
    public async Task<IActionResult> OnPostAccreditAsync(string? providerId, string? action, string? reason, string? deadline, CancellationToken ct)
    {
        var done = await providers.AccreditAsync(User.Actor(), providerId ?? "", new AccreditationRequest(action, reason, action == Accreditation.IssueNotice ? deadline : null), ct);
        if (done.Succeeded)
        {
            Notice = L["已更新服务单位资质：{0}", done.Value!.Name];
            return Back("providers");
        }
        AccreditFor = providerId;
        AccreditErrors = done.Problem?.Errors?.ToDictionary(e => e.Key, e => Bilingual.Half(e.Value.FirstOrDefault())) ?? new Dictionary<string, string>();
        return await Refused(AccreditErrors.Count > 0 ? null : Problem(done.Problem), ct, "providers");
    }

    /// <summary>A refusal in one line for the section's notice, in the reader's language.</summary>
    private string Problem(CaseProblem? p) => p is null ? L["操作未完成"]
        : p.Errors is { Count: > 0 } errors ? $"{Bilingual.Half(p.Title)}：{string.Join("；", errors.SelectMany(e => e.Value).Select(Bilingual.Half))}"
        : $"{Bilingual.Half(p.Title)}：{Bilingual.Half(p.Detail)}";

    private RedirectToPageResult Back(string section)
    {
        NoticeIn = section;
        return RedirectToPage(pageName: null, pageHandler: null, routeValues: null, fragment: section);
    }

    private async Task<IActionResult> Refused(string? error, CancellationToken ct, string section)
    {
        Error = error;
        ErrorIn = section;
        NoticeIn = null;
        Notice = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Home = (await db.Jurisdictions.FindAsync([User.HomeJurisdictionId()], ct))!;
        var tasks = await cases.ListTasksAsync(User.Actor(), 1, CaseService.MaxTaskPageSize, ct);
        Escalations = tasks.Value?.Items.Where(t => t.Kind == TaskKinds.Escalation).ToList() ?? [];

        IslandOptions = await db.Jurisdictions.AsNoTracking().Within(Home).Where(j => j.Kind == JurisdictionKind.Island)
            .OrderBy(j => j.Code).Select(j => new IslandOption(j.Id, j.Name)).ToListAsync(ct);

        PlaceNames = await db.Jurisdictions.AsNoTracking().Where(j => Home.LineageIds.Contains(j.Id) || j.Path.StartsWith(Home.Path))
            .ToDictionaryAsync(j => j.Id, j => j.Name, ct);
        var enabled = await access.EnabledModulesAsync(Home, ct);
        Modules = registry.All.Select(m => new ModuleRow(m.Manifest.Id, m.Manifest.Name, m.Manifest.NameEn, enabled.Contains(m.Manifest.Id))).ToList();
        Current = (await suspensions.AffectingAsync(Home, ct)).Concat(await BelowAsync(ct)).DistinctBy(s => s.Id)
            .Where(s => s.To > clock.GetUtcNow()).OrderBy(s => s.From).ToList();

        Providers = (await providers.ListAsync(User.Actor(), ct)).Value ?? [];
        Managed = (await db.Jurisdictions.AsNoTracking().Within(Home).Select(j => j.Id).ToListAsync(ct)).ToHashSet();

        if (DeclaredIds.Count > 0) await LoadDeclaredAsync(ct);
    }

    /// <summary>The suspensions declared on places inside the officer's county (AffectingAsync only looks upwards).</summary>
    private async Task<List<Suspension>> BelowAsync(CancellationToken ct)
    {
        var below = db.Jurisdictions.Within(Home).Select(j => j.Id);
        return await db.Set<Suspension>().AsNoTracking().Where(s => below.Contains(s.JurisdictionId)).ToListAsync(ct);
    }

    /// <summary>What the declared suspensions moved: the <c>sla.recalculated</c> events they left on the tickets' timelines.</summary>
    private async Task LoadDeclaredAsync(CancellationToken ct)
    {
        var mine = db.Jurisdictions.Within(Home).Select(j => j.Id);
        var declared = await db.Set<Suspension>().AsNoTracking()
            .Where(s => DeclaredIds.Contains(s.Id) && mine.Contains(s.JurisdictionId)).ToListAsync(ct);
        var names = PlaceNames;
        JustDeclared = declared.OrderBy(s => s.JurisdictionId)
            .Select(s => new Declared(names.GetValueOrDefault(s.JurisdictionId, s.JurisdictionId), s.From, s.To, s.Reason)).ToList();

        var keys = declared.Select(s => s.Id.ToString()).ToList();
        if (keys.Count == 0) return;
        var moved = new List<MovedTicket>();
        foreach (var key in keys)
        {
            // The event's data names the suspension that moved it; one suspension moves a handful of tickets.
            var events = await (from e in db.Set<TicketEvent>().AsNoTracking()
                                join t in db.Set<Ticket>().AsNoTracking() on e.TicketId equals t.Id
                                where e.Type == SlaRecalculation.EventType && e.Data != null && e.Data.Contains(key) && mine.Contains(t.JurisdictionId)
                                select new { e.Data, t.Id, t.Number, t.JurisdictionId })
                .ToListAsync(ct);
            moved.AddRange(events.Select(e => (e, data: Read(e.Data))).Where(x => x.data.SuspensionId == key)
                .Select(x => new MovedTicket(x.e.Id, x.e.Number, names.GetValueOrDefault(x.e.JurisdictionId, x.e.JurisdictionId), x.data.OldDueAt, x.data.NewDueAt)));
        }
        Moved = moved.OrderBy(m => m.Number).ToList();
    }

    private sealed record Recalculated(DateTimeOffset? OldDueAt, DateTimeOffset? NewDueAt, string? SuspensionId);

    private static Recalculated Read(string? data) =>
        data is null ? new(null, null, null) : JsonSerializer.Deserialize<Recalculated>(data, JsonSerializerOptions.Web) ?? new(null, null, null);
}
