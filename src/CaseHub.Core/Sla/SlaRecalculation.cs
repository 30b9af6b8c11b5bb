using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Sla;

/// <summary>
/// Moves the due times of open tickets below a place when a suspension is declared there. Nothing is saved
/// here: the changes join the declaration's unit of work, so the suspension and the due times it moved
/// commit together. Reads are batched (tickets, their places, items, overrides, suspensions: one query each).
/// </summary>
public sealed class SlaRecalculation(CaseHubDbContext db, BusinessCalendarSource calendars, TicketTimeline timeline, TimeProvider clock)
{
    public const string EventType = "sla.recalculated";

    /// <summary>Recomputes from each ticket's creation; returns how many due times changed.</summary>
    public async Task<int> ApplyAsync(Jurisdiction place, Suspension declared, string actor, CancellationToken ct = default)
    {
        var running = SlaRules.ClockRunning;
        var (from, to) = (declared.From, declared.To);
        // A clock that ran out before the suspension starts, or started after it ends, cannot move: skipping those
        // keeps a typhoon over a county from rewriting its whole history. Tickets without a due time stay without.
        var tickets = await db.Set<Ticket>()
            .Where(t => db.Jurisdictions.Any(j => j.Id == t.JurisdictionId && j.Path.StartsWith(place.Path))
                        && running.Contains(t.Status) && t.DueAt != null && t.DueAt > from && t.CreatedAt < to)
            .ToListAsync(ct);
        if (tickets.Count == 0) return 0;

        var placeIds = tickets.Select(t => t.JurisdictionId).Distinct().ToList();
        var places = await db.Jurisdictions.AsNoTracking().Where(j => placeIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
        var lineages = places.Values.SelectMany(p => p.LineageIds).Distinct().ToList();

        // Hours as CatalogQuery gives them: the item's own, or the nearest county (or other) override along the
        // ticket's lineage. Overrides are read as they are now, so an override changed since the order counts too.
        var itemIds = tickets.Select(t => t.ServiceItemId).Distinct().ToList();
        var itemHours = await db.ServiceItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.SlaHours, ct);
        var overrides = (await db.Set<ItemOverride>().AsNoTracking()
                .Where(o => itemIds.Contains(o.ItemId) && lineages.Contains(o.JurisdictionId) && o.SlaHours != null)
                .Select(o => new { o.ItemId, o.JurisdictionId, o.SlaHours })
                .ToListAsync(ct))
            .ToLookup(o => o.ItemId, o => (o.JurisdictionId, o.SlaHours));

        var earliest = tickets.Min(t => t.CreatedAt);
        var suspensions = await db.Set<Suspension>().AsNoTracking()
            .Where(s => lineages.Contains(s.JurisdictionId) && s.To > earliest)
            .ToListAsync(ct);
        suspensions.Add(declared); // not saved yet, so no query returns it

        var calendar = await calendars.LoadAsync(ct);
        var now = clock.GetUtcNow();
        var changed = 0;
        foreach (var ticket in tickets)
        {
            if (!itemHours.TryGetValue(ticket.ServiceItemId, out var ownHours)) continue;
            var at = places[ticket.JurisdictionId];
            var hours = SlaRules.SlaHoursAt(at, ownHours, overrides[ticket.ServiceItemId]);
            var due = calendar.AddWorkingHours(ticket.CreatedAt, hours, SlaRules.PausingAt(at, suspensions));
            if (due == ticket.DueAt) continue;

            var old = ticket.DueAt;
            ticket.DueAt = due;
            ticket.UpdatedAt = now;
            timeline.Record(ticket, EventType, actor, new { oldDueAt = old, newDueAt = due, suspensionId = declared.Id });
            changed++;
        }
        return changed;
    }
}
