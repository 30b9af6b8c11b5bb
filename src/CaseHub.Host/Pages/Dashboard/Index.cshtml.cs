using System.Globalization;
using CaseHub.Core.Cases;
using CaseHub.Core.Dashboard;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Sla;
using CaseHub.Host.Api;
using CaseHub.Host.Api.Exports;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Pages.Dashboard;

/// <summary>
/// The closed loop's figures for the administrator (the city, by county) and county officers (their county): the views of
/// <c>/api/dashboard</c> as charts, each with its table view (the columns its export writes) and export links.
/// </summary>
[Authorize(Roles = $"{Roles.Administrator},{Roles.CountyOfficer}")]
public sealed class IndexModel(DashboardService dashboard, IStringLocalizer<UiText> L) : PageModel
{
    /// <summary>The rate the KPI chart draws its target line at. No target is set in the sources (domain.md §9); 90 % is the pilot's working figure.</summary>
    public const double KpiTarget = 0.9;
    /// <summary>How many months the coverage heat map shows, up to the period's last.</summary>
    public const int CoverageMonths = 6;

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? JurisdictionId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Function { get; set; }

    public IReadOnlyList<HotService> Hot { get; private set; } = [];
    public IReadOnlyList<SatisfactionGroup> Satisfaction { get; private set; } = [];
    public IReadOnlyList<KpiGroup> Kpis { get; private set; } = [];
    public IReadOnlyList<ChannelShare> Channels { get; private set; } = [];
    public IReadOnlyList<WeekTrend> Weekly { get; private set; } = [];
    public IReadOnlyList<(string Month, IReadOnlyList<IslandCoverage> Islands)> Coverage { get; private set; } = [];
    public IReadOnlyList<Jurisdiction> Places { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Functions => dashboard.Functions;
    public Dictionary<string, string> Errors { get; } = [];

    public DashboardQuery Query => new(Blank(From), Blank(To), Blank(JurisdictionId), Blank(Function));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = User.Actor();
        Places = await dashboard.FilterPlacesAsync(actor, ct);
        var query = Query;
        Hot = Take(await dashboard.HotServicesAsync(actor, query, ct));
        if (Errors.Count > 0) return; // the period, place or function is wrong for every view alike: say it once, beside its field
        Satisfaction = Take(await dashboard.SatisfactionAsync(actor, query with { GroupBy = "provider" }, ct));
        Kpis = Take(await dashboard.KpisAsync(actor, query with { GroupBy = "county" }, ct));
        Channels = Take(await dashboard.ChannelsAsync(actor, query, ct));
        Weekly = Take(await dashboard.WeeklyAsync(actor, query, ct));
        var months = new List<(string, IReadOnlyList<IslandCoverage>)>();
        for (var month = LastMonth().AddMonths(1 - CoverageMonths); month <= LastMonth(); month = month.AddMonths(1))
        {
            var text = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            months.Add((text, Take(await dashboard.CoverageAsync(actor, query with { Month = text }, ct))));
        }
        Coverage = months;
    }

    /// <summary>A view as CSV or XLSX with this page's filters: what its table view shows.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? view, string? format, string? month, CancellationToken ct) =>
        new ResultAction(await DashboardExports.FileAsync(view ?? "", format, Query with { Month = month }, User.Actor(), dashboard, L, ct));

    /// <summary>This page's export link for <paramref name="view"/> in <paramref name="format"/>, keeping the filters.</summary>
    public string ExportLink(string view, string format, string? month = null) => "/dashboard" + QueryString.Create(new Dictionary<string, string?>
    {
        ["handler"] = "Export", ["view"] = view, ["format"] = format, ["from"] = From, ["to"] = To, ["jurisdictionId"] = JurisdictionId,
        ["function"] = Function, ["month"] = month,
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();

    /// <summary>The first day of the month the period ends in (this month by default).</summary>
    public DateOnly LastMonth()
    {
        var end = DateOnly.TryParseExact(To, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to
            : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, BusinessCalendar.ChinaTime).DateTime);
        return new DateOnly(end.Year, end.Month, 1);
    }

    private IReadOnlyList<T> Take<T>(CaseResult<IReadOnlyList<T>> result)
    {
        if (result.Value is { } rows) return rows;
        if (result.Problem?.Errors is { } errors)
            foreach (var (field, messages) in errors) Errors.TryAdd(field.ToLowerInvariant(), Bilingual.Half(messages[0]));
        else Errors.TryAdd("jurisdictionid", Bilingual.Half(result.Problem?.Title));
        return [];
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>An endpoint result (the export file, or its problem) answered from a page handler.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
