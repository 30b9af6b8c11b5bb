using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Sla;

/// <summary>
/// A ticket's SLA due time, and a case task's time limit on that ticket: working hours on the business calendar,
/// paused by the place's and its ancestors' suspensions.
/// </summary>
public sealed class TicketSla(CaseHubDbContext db, BusinessCalendarSource calendars)
{
    public async Task<DateTimeOffset> DueAtAsync(Jurisdiction place, DateTimeOffset orderedAt, double slaHours, CancellationToken ct)
    {
        var calendar = await calendars.LoadAsync(ct);
        // Every suspension still running at or after the order may pause the clock; how far ahead is unknown
        // until the hours are counted, and a lineage has few suspensions, so all of them are read.
        var lineage = place.LineageIds;
        var paused = await db.Set<Suspension>().AsNoTracking()
            .Where(s => lineage.Contains(s.JurisdictionId) && s.To > orderedAt)
            .ToListAsync(ct);
        return calendar.AddWorkingHours(orderedAt, slaHours, SlaRules.PausingAt(place, paused));
    }
}
