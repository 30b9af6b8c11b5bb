using System.Globalization;
using CaseHub.Core.Cases;
using CaseHub.Core.Dashboard;
using CaseHub.Host.Pages.Work;
using CaseHub.Host.Ui;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Api.Exports;

/// <summary>
/// The columns of each exported table: the ticket list and every dashboard view. The dashboard page's "table view"
/// shows the same columns, so what a person reads there is what the file holds.
/// </summary>
public static class ExportTables
{
    public static IReadOnlyList<(string Header, Func<TicketExportRow, string?> Value)> Tickets(IStringLocalizer L) =>
    [
        (L["工单号"], t => t.Number), (L["服务事项"], t => t.ServiceName), (L["服务事项编码"], t => t.ServiceCode), (L["地点"], t => t.PlaceName),
        (L["居民"], t => t.ResidentName), (L["电话"], t => t.Phone), (L["渠道"], t => WorkText.Channel(L, t.Channel)),
        (L["状态"], t => WorkText.Status(L, t.Status)), (L["下单时间"], t => ChinaTime.Format(t.CreatedAt)),
        (L["办结时限"], t => t.DueAt is null ? "" : ChinaTime.Format(t.DueAt)), (L["服务单位"], t => t.ProviderName),
    ];

    public static IReadOnlyList<(string Header, Func<HotService, string?> Value)> HotServices(IStringLocalizer L) =>
        [(L["服务事项"], s => s.Name), (L["服务事项编码"], s => s.ServiceCode), (L["下单数"], s => Number(s.Count))];

    public static IReadOnlyList<(string Header, Func<SatisfactionGroup, string?> Value)> Satisfaction(IStringLocalizer L) =>
    [
        (L["名称"], s => s.Name), (L["编码"], s => s.Key), (L["平均评分"], s => s.AverageRating.ToString("0.00", CultureInfo.InvariantCulture)),
        (L["评价数"], s => Number(s.Count)), (L["样本"], s => s.InsufficientSample ? L["样本不足"] : L["充足"]),
    ];

    public static IReadOnlyList<(string Header, Func<KpiGroup, string?> Value)> Kpis(IStringLocalizer L) =>
    [
        (L["名称"], k => k.Name), (L["编码"], k => k.Key), (L["下单数"], k => Number(k.Ordered)), (L["办结数"], k => Number(k.Closed)),
        (L["按时办结数"], k => Number(k.ClosedOnTime)), (L["按时办结率"], k => Percent(k.OnTimeRate)),
        (L["派单数"], k => Number(k.Dispatches)), (L["及时签收数"], k => Number(k.AcceptedInTime)), (L["及时签收率"], k => Percent(k.AcceptedInTimeRate)),
        (L["回访数"], k => Number(k.ReturnVisits)), (L["回访满意数"], k => Number(k.SatisfiedReturnVisits)),
        (L["回访满意率"], k => Percent(k.ReturnVisitSatisfactionRate)), (L["重办数"], k => Number(k.Reopened)),
    ];

    public static IReadOnlyList<(string Header, Func<IslandCoverage, string?> Value)> Coverage(IStringLocalizer L) =>
    [
        (L["海岛"], c => c.Name), (L["常住人口"], c => c.Population is { } p ? Number(p) : ""), (L["走访完成"], c => Number(c.VisitsDone)),
        (L["走访目标"], c => Number(c.VisitsTarget)), (L["办结工单"], c => Number(c.TicketsClosed)),
    ];

    public static IReadOnlyList<(string Header, Func<ChannelShare, string?> Value)> Channels(IStringLocalizer L) =>
        [(L["渠道"], c => WorkText.Channel(L, c.Channel)), (L["下单数"], c => Number(c.Count))];

    public static IReadOnlyList<(string Header, Func<WeekTrend, string?> Value)> Weekly(IStringLocalizer L) =>
        [(L["周起始日"], w => w.WeekStarting.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), (L["下单数"], w => Number(w.Ordered)), (L["办结数"], w => Number(w.Closed))];

    /// <summary>Headers and cells of <paramref name="rows"/>, for a page's table view.</summary>
    public static (IReadOnlyList<string> Headers, IReadOnlyList<string?[]> Rows) Table<T>(IReadOnlyList<(string Header, Func<T, string?> Value)> columns,
        IEnumerable<T> rows) =>
        ([.. columns.Select(c => c.Header)], [.. rows.Select(r => columns.Select(c => c.Value(r)).ToArray())]);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}
