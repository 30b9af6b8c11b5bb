using CaseHub.Core.Cases;
using CaseHub.Core.Dashboard;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Api.Exports;

/// <summary>A dashboard view as a file, for the API's export route and the dashboard page's export links alike.</summary>
public static class DashboardExports
{
    /// <summary>The view counted as its endpoint counts it and written out; a bad format or query is the view's 400, an unknown view 404.</summary>
    public static async Task<IResult> FileAsync(string view, string? format, DashboardQuery query, Actor actor, DashboardService dashboard,
        IStringLocalizer L, CancellationToken ct)
    {
        format = string.IsNullOrEmpty(format) ? "csv" : format;
        if (!TableFile<object>.Formats.Contains(format)) return ApiErrors.Invalid("format", "须为 csv 或 xlsx / must be csv or xlsx");
        return view switch
        {
            DashboardViews.HotServices => File(await dashboard.HotServicesAsync(actor, query, ct), ExportTables.HotServices(L), view, format),
            DashboardViews.Satisfaction => File(await dashboard.SatisfactionAsync(actor, query, ct), ExportTables.Satisfaction(L), view, format),
            DashboardViews.Kpis => File(await dashboard.KpisAsync(actor, query, ct), ExportTables.Kpis(L), view, format),
            DashboardViews.Coverage => File(await dashboard.CoverageAsync(actor, query, ct), ExportTables.Coverage(L), view, format),
            DashboardViews.Channels => File(await dashboard.ChannelsAsync(actor, query, ct), ExportTables.Channels(L), view, format),
            DashboardViews.Weekly => File(await dashboard.WeeklyAsync(actor, query, ct), ExportTables.Weekly(L), view, format),
            _ => ApiErrors.NotFound("dashboard view", view),
        };
    }

    private static IResult File<T>(CaseResult<IReadOnlyList<T>> result, IReadOnlyList<(string, Func<T, string?>)> columns, string name, string format) =>
        result.Value is { } rows ? new TableFile<T>(name, columns, rows.ToAsyncEnumerable()) { Format = format } : result.ToHttp();
}
