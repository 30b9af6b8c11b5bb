using System.Security.Claims;
using CaseHub.Core.Dashboard;
using CaseHub.Host.Api.Exports;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Api;

/// <summary><c>/api/dashboard</c>: the closed loop's figures and their exports; the dashboard service counts, scoped by the one visibility rule.</summary>
public static class DashboardEndpoints
{
    public static void MapDashboardEndpoints(this IEndpointRouteBuilder api)
    {
        var dashboard = api.MapGroup("/dashboard").WithTags("Dashboard");
        dashboard.MapGet("/hot-services", HotServices).WithName("HotServices").WithSummary("热点服务 / Items ordered most");
        dashboard.MapGet("/satisfaction", Satisfaction).WithName("Satisfaction").WithSummary("满意度排名 / Ratings by provider or item, with the minimum sample");
        dashboard.MapGet("/kpis", Kpis).WithName("Kpis").WithSummary("办理时效 / On-time closing, timely acceptance, return-visit satisfaction, reopenings");
        dashboard.MapGet("/coverage", Coverage).WithName("Coverage").WithSummary("海岛覆盖 / Visits and closed tickets per island in a month");
        dashboard.MapGet("/channels", Channels).WithName("Channels").WithSummary("渠道构成 / Tickets ordered by channel");
        dashboard.MapGet("/weekly", Weekly).WithName("Weekly").WithSummary("每周趋势 / Tickets ordered and closed per week");
        dashboard.MapGet("/{view}/export", Export).WithName("ExportDashboardView").WithSummary("导出 / A view as CSV or XLSX");
    }

    private static async Task<Results<Ok<IReadOnlyList<HotService>>, Created<IReadOnlyList<HotService>>, ValidationProblem, ProblemHttpResult>> HotServices(
        [AsParameters] DashboardQuery query, ClaimsPrincipal user, DashboardService dashboard, CancellationToken ct) =>
        (await dashboard.HotServicesAsync(user.Actor(), query, ct)).ToHttp();

    private static async Task<Results<Ok<IReadOnlyList<SatisfactionGroup>>, Created<IReadOnlyList<SatisfactionGroup>>, ValidationProblem, ProblemHttpResult>> Satisfaction(
        [AsParameters] DashboardQuery query, ClaimsPrincipal user, DashboardService dashboard, CancellationToken ct) =>
        (await dashboard.SatisfactionAsync(user.Actor(), query, ct)).ToHttp();

    private static async Task<Results<Ok<IReadOnlyList<KpiGroup>>, Created<IReadOnlyList<KpiGroup>>, ValidationProblem, ProblemHttpResult>> Kpis(
        [AsParameters] DashboardQuery query, ClaimsPrincipal user, DashboardService dashboard, CancellationToken ct) =>
        (await dashboard.KpisAsync(user.Actor(), query, ct)).ToHttp();

    private static async Task<Results<Ok<IReadOnlyList<IslandCoverage>>, Created<IReadOnlyList<IslandCoverage>>, ValidationProblem, ProblemHttpResult>> Coverage(
        [AsParameters] DashboardQuery query, ClaimsPrincipal user, DashboardService dashboard, CancellationToken ct) =>
        (await dashboard.CoverageAsync(user.Actor(), query, ct)).ToHttp();

    private static async Task<Results<Ok<IReadOnlyList<ChannelShare>>, Created<IReadOnlyList<ChannelShare>>, ValidationProblem, ProblemHttpResult>> Channels(
        [AsParameters] DashboardQuery query, ClaimsPrincipal user, DashboardService dashboard, CancellationToken ct) =>
        (await dashboard.ChannelsAsync(user.Actor(), query, ct)).ToHttp();

    private static async Task<Results<Ok<IReadOnlyList<WeekTrend>>, Created<IReadOnlyList<WeekTrend>>, ValidationProblem, ProblemHttpResult>> Weekly(
        [AsParameters] DashboardQuery query, ClaimsPrincipal user, DashboardService dashboard, CancellationToken ct) =>
        (await dashboard.WeeklyAsync(user.Actor(), query, ct)).ToHttp();

    /// <summary>A view as a file: the same query as the view, plus <c>format</c> (csv, the default, or xlsx).</summary>
    private static Task<IResult> Export(string view, string? format, [AsParameters] DashboardQuery query, ClaimsPrincipal user,
        DashboardService dashboard, IStringLocalizer<UiText> L, CancellationToken ct) =>
        DashboardExports.FileAsync(view, format, query, user.Actor(), dashboard, L, ct);
}
