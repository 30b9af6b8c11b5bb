using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Sla;

/// <summary>
/// Builds the <see cref="BusinessCalendar"/> from the calendar rows and the configured working periods.
/// Read per call: the rows are a few dozen a year, and a holiday added by an administrator counts at once.
/// </summary>
public sealed class BusinessCalendarSource(Data.CaseHubDbContext db, BusinessCalendarOptions options)
{
    public async Task<BusinessCalendar> LoadAsync(CancellationToken ct = default)
    {
        var days = await db.Set<CalendarDay>().AsNoTracking().ToListAsync(ct);
        IReadOnlyList<WorkingPeriod>? periods = options.WorkingPeriods is { Length: > 0 } configured
            ? [.. configured.Select(WorkingPeriod.Parse)]
            : null;
        return new BusinessCalendar(days, periods, TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone));
    }
}
