using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Sla;

public enum ClockState { NoLimit, Running, Overdue }

/// <summary>
/// How a due time stands now, as the work pages show it: the working time left (or the working time past it),
/// and the suspension pausing the clock at the ticket's place right now, if any.
/// </summary>
public sealed record SlaClock(ClockState State, DateTimeOffset? DueAt, TimeSpan WorkingTime, Suspension? PausedBy)
{
    public static SlaClock None { get; } = new(ClockState.NoLimit, null, TimeSpan.Zero, null);
}

/// <summary>
/// Reads the clocks of a page of tickets and their tasks in a few queries: the calendar, the tickets' places and
/// the suspensions over those places. Times are counted as the due times were — working hours at the ticket's place,
/// suspended time cut out — so "2 小时" left means two working hours, not two hours of the wall clock.
/// </summary>
public sealed class SlaClocks(CaseHubDbContext db, BusinessCalendarSource calendars, TimeProvider clock)
{
    public async Task<Reader> ForTicketsAsync(IEnumerable<Guid> ticketIds, CancellationToken ct = default)
    {
        var ids = ticketIds.Distinct().ToList();
        var placeOf = await db.Set<Ticket>().AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, t.JurisdictionId }).ToDictionaryAsync(t => t.Id, t => t.JurisdictionId, ct);
        var placeIds = placeOf.Values.Distinct().ToList();
        var places = await db.Jurisdictions.AsNoTracking().Where(j => placeIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
        var lineages = places.Values.SelectMany(p => p.LineageIds).Distinct().ToList();
        var suspensions = await db.Set<Suspension>().AsNoTracking().Where(s => lineages.Contains(s.JurisdictionId)).ToListAsync(ct);
        return new Reader(await calendars.LoadAsync(ct), clock.GetUtcNow(), placeOf, places, suspensions);
    }

    public sealed class Reader(BusinessCalendar calendar, DateTimeOffset now, Dictionary<Guid, string> placeOf,
        Dictionary<string, Jurisdiction> places, List<Suspension> suspensions)
    {
        public DateTimeOffset Now => now;

        /// <summary>The clock of a due time on the ticket (its own SLA or one of its tasks' limits).</summary>
        public SlaClock Of(Guid ticketId, DateTimeOffset? dueAt)
        {
            if (dueAt is not { } due || !placeOf.TryGetValue(ticketId, out var placeId) || !places.TryGetValue(placeId, out var place))
                return SlaClock.None;
            var over = suspensions.Where(s => place.DepthOf(s.JurisdictionId) >= 0).ToList();
            var pausing = SlaRules.PausingAt(place, over);
            var pausedBy = over.Where(s => s.From <= now && now < s.To).MaxBy(s => s.To);
            return due > now
                ? new SlaClock(ClockState.Running, due, TimeSpan.FromHours(calendar.WorkingHoursBetween(now, due, pausing)), pausedBy)
                : new SlaClock(ClockState.Overdue, due, TimeSpan.FromHours(calendar.WorkingHoursBetween(due, now, pausing)), pausedBy);
        }
    }
}
