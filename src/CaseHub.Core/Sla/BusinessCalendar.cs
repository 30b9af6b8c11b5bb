namespace CaseHub.Core.Sla;

/// <summary>
/// Working-hours arithmetic for SLA clocks: working periods on working days in one time zone, with
/// suspended time (ferry stopped, typhoon) cut out. Weekdays work and weekends rest unless a
/// <see cref="CalendarDay"/> says otherwise.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>Asia/Shanghai, the stations' time; China keeps no daylight saving, so every day has the same hours.</summary>
    public static TimeZoneInfo ChinaTime { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // A due time is searched this far ahead at most, so a calendar without working time fails instead of looping.
    private const int MaxDaysAhead = 366 * 5;

    private readonly Dictionary<DateOnly, bool> _exceptions;
    private readonly IReadOnlyList<WorkingPeriod> _periods;
    private readonly TimeZoneInfo _zone;

    public BusinessCalendar(IEnumerable<CalendarDay> days, IReadOnlyList<WorkingPeriod>? periods = null, TimeZoneInfo? zone = null)
    {
        _exceptions = days.ToDictionary(d => d.Date, d => d.IsWorkingDay);
        _periods = [.. (periods ?? WorkingPeriod.Default).OrderBy(p => p.Start)];
        for (var i = 1; i < _periods.Count; i++)
            if (_periods[i].Start < _periods[i - 1].End)
                throw new ArgumentException($"Working periods overlap: {_periods[i - 1]} and {_periods[i]}.", nameof(periods));
        _zone = zone ?? ChinaTime;
    }

    public bool IsWorkingDay(DateOnly date) =>
        _exceptions.TryGetValue(date, out var working) ? working : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>
    /// The moment <paramref name="hours"/> working hours after <paramref name="start"/>, in the calendar's time zone.
    /// Zero hours is due at once; a clock that runs out at the end of a period is due then, not at the next opening.
    /// </summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset start, double hours, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> suspensions)
    {
        if (!double.IsFinite(hours) || hours < 0)
            throw new ArgumentOutOfRangeException(nameof(hours), hours, "Working hours must be a finite number of zero or more.");
        var remaining = TimeSpan.FromHours(hours);
        if (remaining == TimeSpan.Zero) return TimeZoneInfo.ConvertTime(start, _zone);

        foreach (var (from, to) in WorkingIntervals(start, LocalDate(start).AddDays(MaxDaysAhead), suspensions))
        {
            if (to - from >= remaining) return TimeZoneInfo.ConvertTime(from + remaining, _zone);
            remaining -= to - from;
        }
        throw new InvalidOperationException($"No {hours} working hours within {MaxDaysAhead} days of {start:O}; check the working periods and calendar days.");
    }

    /// <summary>Working hours from <paramref name="from"/> to <paramref name="to"/>, suspended time excluded; zero when to ≤ from.</summary>
    public double WorkingHoursBetween(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> suspensions)
    {
        if (to <= from) return 0;
        var total = TimeSpan.Zero;
        foreach (var (start, end) in WorkingIntervals(from, LocalDate(to), suspensions))
        {
            if (start >= to) break;
            total += (end < to ? end : to) - start;
        }
        return total.TotalHours;
    }

    /// <summary>The working day after the one <paramref name="moment"/> falls on: when it opens and when it closes (return visits are made then).</summary>
    public (DateTimeOffset Opens, DateTimeOffset Closes) NextWorkingDay(DateTimeOffset moment)
    {
        var day = LocalDate(moment).AddDays(1);
        for (var i = 0; i < MaxDaysAhead && !IsWorkingDay(day); i++) day = day.AddDays(1);
        return (At(day, _periods[0].Start), At(day, _periods[^1].End));
    }

    /// <summary>Working time from <paramref name="start"/> up to the end of <paramref name="lastDay"/>, in order, suspended time cut out.</summary>
    private IEnumerable<(DateTimeOffset From, DateTimeOffset To)> WorkingIntervals(
        DateTimeOffset start, DateOnly lastDay, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> suspensions)
    {
        var ordered = suspensions.Where(s => s.To > s.From).OrderBy(s => s.From).ToList();
        for (var day = LocalDate(start); day <= lastDay; day = day.AddDays(1))
        {
            if (!IsWorkingDay(day)) continue;
            foreach (var period in _periods)
            {
                var to = At(day, period.End);
                if (to <= start) continue;
                var from = At(day, period.Start);
                foreach (var piece in Without(from < start ? start : from, to, ordered))
                    yield return piece;
            }
        }
    }

    /// <summary>[from, to) minus the suspensions (ordered by start; they may overlap each other).</summary>
    private static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Without(
        DateTimeOffset from, DateTimeOffset to, List<(DateTimeOffset From, DateTimeOffset To)> suspensions)
    {
        var cursor = from;
        foreach (var s in suspensions)
        {
            if (s.To <= cursor) continue;
            if (s.From >= to) break;
            if (s.From > cursor) yield return (cursor, s.From);
            cursor = s.To;
            if (cursor >= to) yield break;
        }
        yield return (cursor, to);
    }

    private DateOnly LocalDate(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, _zone).DateTime);

    private DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }
}
