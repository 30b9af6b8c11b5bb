using System.Globalization;
using Cronos;

namespace CaseHub.Core.Visits;

/// <summary>
/// A plan's cron in its time zone: parsed once (Cronos, the parser Hangfire itself uses, so what is accepted here is
/// what Hangfire schedules), its occurrences, and a Chinese reading of it for the plan editor.
/// </summary>
public sealed class VisitSchedule
{
    private readonly CronExpression _cron;

    private VisitSchedule(string text, CronExpression cron, TimeZoneInfo zone)
    {
        Text = text;
        _cron = cron;
        Zone = zone;
    }

    public string Text { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>The schedule, or the problem with the cron (<c>cron</c>) or the zone (<c>timeZone</c>), keyed by field.</summary>
    public static (VisitSchedule? Schedule, string? Field, string? Problem) TryParse(string? cron, string? timeZone)
    {
        var text = cron?.Trim() ?? "";
        if (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
            return (null, "cron", "须为 5 段 cron：分 时 日 月 周，例如 “0 9 * * 2#1”（每月第一个周二 09:00）/ must be a 5-field cron: minute hour day month weekday");
        CronExpression parsed;
        try
        {
            parsed = CronExpression.Parse(text, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            return (null, "cron", $"cron 表达式无效 / invalid cron: {e.Message}");
        }
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? VisitPlan.DefaultTimeZone : timeZone.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return (null, "timeZone", $"未知时区 / unknown time zone '{timeZone}' (an IANA id such as Asia/Shanghai)");
        }
        var schedule = new VisitSchedule(text, parsed, zone);
        // "0 9 30 2 *" parses but never comes: a plan that can make nothing is a mistake worth saying.
        if (schedule.Next(DateTimeOffset.UtcNow) is null) return (null, "cron", "此 cron 永远不会触发 / this cron never occurs");
        return (schedule, null, null);
    }

    public static VisitSchedule Of(VisitPlan plan) =>
        TryParse(plan.Cron, plan.TimeZone).Schedule ?? throw new InvalidOperationException($"Visit plan {plan.Id} has an invalid cron '{plan.Cron}' ({plan.TimeZone}).");

    public DateTimeOffset? Next(DateTimeOffset after) =>
        _cron.GetNextOccurrence(after.UtcDateTime, Zone, inclusive: false) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>The occurrences in (<paramref name="after"/>, <paramref name="upTo"/>], earliest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset upTo) =>
        after >= upTo ? [] : _cron.GetOccurrences(after.UtcDateTime, upTo.UtcDateTime, Zone, fromInclusive: false, toInclusive: true)
            .Select(d => new DateTimeOffset(d, TimeSpan.Zero));

    public IReadOnlyList<DateTimeOffset> NextFew(DateTimeOffset after, int count)
    {
        var list = new List<DateTimeOffset>();
        for (var at = Next(after); at is { } a && list.Count < count; at = Next(a)) list.Add(a);
        return list;
    }

    /// <summary>The occurrence as people on the island read it: 2026年12月1日 09:00 in the plan's zone.</summary>
    public string Format(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The cron in Chinese for the common shapes (每天、每周二、每月1日、每月第一个周二、每 15 分钟…); any other shape is
    /// named as a cron, so the editor never shows a wrong reading. The next dates beside it say the rest.
    /// </summary>
    public string Describe() => CronReading.Chinese(Text);
}

/// <summary>Reads the usual 5-field shapes aloud in Chinese; null-safe, never throws on a valid cron.</summary>
internal static class CronReading
{
    private static readonly string[] Weekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    private static readonly string[] Ordinals = ["", "第一个", "第二个", "第三个", "第四个", "第五个"];

    public static string Chinese(string cron)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (minute, hour, day, month, weekday) = (f[0], f[1], f[2], f[3], f[4]);
        var fallback = $"按 cron “{cron}” 执行";

        if (hour == "*" && day == "*" && month == "*" && weekday == "*")
        {
            if (minute == "*") return "每分钟";
            if (minute.StartsWith("*/", StringComparison.Ordinal) && int.TryParse(minute[2..], out var every)) return $"每 {every} 分钟";
            if (int.TryParse(minute, out var m)) return $"每小时第 {m} 分";
            return fallback;
        }
        if (!int.TryParse(minute, out var mm) || !int.TryParse(hour, out var hh)) return fallback;
        var clock = $"{hh:00}:{mm:00}";

        var monthPart = month == "*" ? null : Number(month) is { } mo ? $"{mo}月" : null;
        if (month != "*" && monthPart is null) return fallback;

        if (day == "*" && weekday == "*") return monthPart is null ? $"每天 {clock}" : $"每年{monthPart}每天 {clock}";
        if (weekday == "*" && DayList(day) is { } days)
            return monthPart is null ? $"每月{days} {clock}" : $"每年{monthPart}{days} {clock}";
        if (day == "*" && monthPart is null)
        {
            if (weekday.Split('#') is [var w, var n] && Weekday(w) is { } wd && int.TryParse(n, out var nth) && nth is >= 1 and <= 5)
                return $"每月{Ordinals[nth]}{wd} {clock}";
            if (weekday.EndsWith('L') && Weekday(weekday[..^1]) is { } last) return $"每月最后一个{last} {clock}";
            if (WeekdayList(weekday) is { } list) return $"每{list} {clock}";
        }
        return fallback;
    }

    private static int? Number(string s) => int.TryParse(s, out var n) ? n : null;

    private static string? DayList(string field)
    {
        if (field == "L") return "最后一天";
        var parts = field.Split(',');
        return parts.All(p => int.TryParse(p, out var d) && d is >= 1 and <= 31) ? string.Join("、", parts.Select(p => $"{int.Parse(p)}日")) : null;
    }

    private static string? Weekday(string s) => int.TryParse(s, out var n) && n is >= 0 and <= 7 ? Weekdays[n] : Named(s);

    private static string? Named(string s) =>
        Array.IndexOf(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], s.ToUpperInvariant()) is var i and >= 0 ? Weekdays[i] : null;

    private static string? WeekdayList(string field)
    {
        if (field is "1-5" or "MON-FRI") return "个工作日（周一至周五）";
        var names = field.Split(',').Select(Weekday).ToList();
        return names.All(n => n is not null) ? "周" + string.Join("、", names.Select(n => n![1..])) : null;
    }
}
