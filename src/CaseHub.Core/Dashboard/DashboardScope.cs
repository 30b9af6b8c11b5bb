using System.Globalization;
using CaseHub.Core.Cases;
using CaseHub.Core.Catalog;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Modules;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;

namespace CaseHub.Core.Dashboard;

/// <summary>
/// What a dashboard view counts: the tickets the one visibility rule gives the caller, narrowed to a place and a function,
/// the places below that root (for names and the roll-up to counties and islands), and the period as UTC instants
/// [<see cref="Start"/>, <see cref="End"/>) from Asia/Shanghai calendar days.
/// </summary>
internal sealed record DashboardScope(Jurisdiction Root, IQueryable<Ticket> Tickets, IReadOnlyDictionary<string, Jurisdiction> Places,
    DateOnly FirstDay, DateOnly LastDay, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The longest period a view counts over: two years, which is what the tickets' history is read for.</summary>
    public const int MaxDays = 731;

    public static DateTimeOffset DayStarts(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, BusinessCalendar.ChinaTime.GetUtcOffset(midnight));
    }

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), BusinessCalendar.ChinaTime).DateTime);

    /// <summary>The ancestor of <paramref name="id"/> of <paramref name="kind"/> (the place itself when it is one); null above or outside the root.</summary>
    public Jurisdiction? AncestorOf(string id, JurisdictionKind kind)
    {
        if (!Places.TryGetValue(id, out var place)) return null;
        foreach (var lineage in place.LineageIds)
            if (Places.TryGetValue(lineage, out var above) && above.Kind == kind) return above;
        return null;
    }

    /// <summary>
    /// The period: the days given, 30 days by default (to today, China time, or from the day given);
    /// a bad date, an end before its start or a period over <see cref="MaxDays"/> is an error naming the field.
    /// </summary>
    public static CaseFailure? ReadPeriod(DashboardQuery query, TimeProvider time, out DateOnly first, out DateOnly last)
    {
        first = last = default;
        DateOnly? from = null, to = null;
        if (query.From is { Length: > 0 } f)
        {
            if (!TryDay(f, out var day)) return CaseResults.Invalid("from", "日期格式应为 年-月-日（如 2026-12-01） / must be a date written yyyy-MM-dd");
            from = day;
        }
        if (query.To is { Length: > 0 } t)
        {
            if (!TryDay(t, out var day)) return CaseResults.Invalid("to", "日期格式应为 年-月-日（如 2026-12-31） / must be a date written yyyy-MM-dd");
            to = day;
        }
        last = to ?? (from is { } start ? start.AddDays(29) : Today(time));
        first = from ?? last.AddDays(-29);
        if (last < first) return CaseResults.Invalid("to", "结束日期不能早于开始日期 / 'to' must not be before 'from'");
        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
            return CaseResults.Invalid("to", $"统计期间最长 {MaxDays} 天 / the period spans at most {MaxDays} days");
        return null;
    }

    /// <summary>A month written yyyy-MM; this month (China time) when none is given.</summary>
    public static CaseFailure? ReadMonth(string? text, TimeProvider time, out DateOnly month)
    {
        var today = Today(time);
        month = new DateOnly(today.Year, today.Month, 1);
        if (text is not { Length: > 0 }) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && InRange(parsed))
        {
            month = parsed;
            return null;
        }
        return CaseResults.Invalid("month", "月份格式应为 年-月（如 2026-12） / must be a month written yyyy-MM");
    }

    private static bool TryDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) && InRange(day);

    // The platform's history starts in 2020; a year far outside it is a typing mistake (and 9999-12-31 has no next day).
    private static bool InRange(DateOnly day) => day.Year is >= 2000 and <= 2099;

    /// <summary>Only the people who oversee a place read its figures: the administrator (the city) and county officers (their county).</summary>
    public static CaseFailure? WhyNot(Actor actor) =>
        actor.Is(Roles.Administrator) || actor.Is(Roles.CountyOfficer) ? null
            : CaseResults.Forbidden("统计看板供管理员和区县负责人使用 / The dashboard is for administrators and county officers.");

    public static CaseFailure? CheckFunction(string? function, ModuleRegistry modules) =>
        function is { Length: > 0 } f && modules.Find(f) is null
            ? CaseResults.Invalid("function", $"须为 / must be one of: {string.Join(", ", modules.All.Select(m => m.Manifest.Id))}")
            : null;

    /// <summary>Tickets of the function's items (every ticket when none is given).</summary>
    public static IQueryable<Ticket> OfFunction(IQueryable<Ticket> tickets, IQueryable<ServiceItem> items, string? function) =>
        function is { Length: > 0 } f ? from t in tickets join i in items on t.ServiceItemId equals i.Id where i.Function == f select t : tickets;
}
