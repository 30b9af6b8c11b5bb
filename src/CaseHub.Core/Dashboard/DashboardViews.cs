namespace CaseHub.Core.Dashboard;

// What the dashboard answers (GET /api/dashboard/...). The formulas are written out in docs/dashboard.md.

/// <summary>
/// The query of every dashboard view, as the caller wrote it (text, so a bad value is a field error, not a binding failure):
/// <c>from</c>/<c>to</c> are Asia/Shanghai calendar days (yyyy-MM-dd, both included), <c>month</c> is yyyy-MM.
/// </summary>
public sealed record DashboardQuery(string? From = null, string? To = null, string? JurisdictionId = null, string? Function = null,
    string? GroupBy = null, string? MinSample = null, string? Month = null);

public sealed record HotService(string ServiceCode, string Name, int Count);

/// <summary>A provider's or service's ratings; <see cref="InsufficientSample"/> groups (样本不足) are never ranked above the others.</summary>
public sealed record SatisfactionGroup(string Key, string Name, double AverageRating, int Count, bool InsufficientSample);

/// <summary>
/// One group's timeliness. The rates are null when their denominator is 0 (nothing to rate); the counts they are made
/// of are given beside them, so a table can show "3 / 4".
/// </summary>
public sealed record KpiGroup(string Key, string Name, int Ordered, int Closed, double? OnTimeRate, double? AcceptedInTimeRate,
    double? ReturnVisitSatisfactionRate, int Reopened, int ClosedOnTime, int Dispatches, int AcceptedInTime, int ReturnVisits, int SatisfiedReturnVisits);

public sealed record IslandCoverage(string JurisdictionId, string Name, int? Population, int VisitsDone, int VisitsTarget, int TicketsClosed);

public sealed record ChannelShare(string Channel, int Count);

/// <summary>One week (Monday to Sunday, China time; the first and last are cut to the period): tickets ordered and closings.</summary>
public sealed record WeekTrend(DateOnly WeekStarting, int Ordered, int Closed);

/// <summary>The names of the dashboard views, as <c>/api/dashboard/{view}</c> and its export spell them.</summary>
public static class DashboardViews
{
    public const string HotServices = "hot-services";
    public const string Satisfaction = "satisfaction";
    public const string Kpis = "kpis";
    public const string Coverage = "coverage";
    public const string Channels = "channels";
    public const string Weekly = "weekly";

    public static readonly string[] All = [HotServices, Satisfaction, Kpis, Coverage, Channels, Weekly];
}
