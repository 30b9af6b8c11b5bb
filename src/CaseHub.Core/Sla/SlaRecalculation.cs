using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Sla;

/// <summary>
/// Moves the due times of open tickets below a place when a suspension is declared there. Nothing is saved
/// here: the changes join the declaration's unit of work, so the suspension and the due times it moved
/// commit together. Reads are batched (tickets, their places, suspensions: one query each).
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
                        && running.Contains(t.Status) && t.DueAt != null && t.SlaHours != null && t.DueAt > from && t.CreatedAt < to)
            .ToListAsync(ct);
        if (tickets.Count == 0) return 0;

        var placeIds = tickets.Select(t => t.JurisdictionId).Distinct().ToList();
        var places = await db.Jurisdictions.AsNoTracking().Where(j => placeIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
        var lineages = places.Values.SelectMany(p => p.LineageIds).Distinct().ToList();

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
            // The hours the ticket was ordered under (an item or override edited since does not change its clock).
            var at = places[ticket.JurisdictionId];
            var due = calendar.AddWorkingHours(ticket.CreatedAt, ticket.SlaHours!.Value, SlaRules.PausingAt(at, suspensions));
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
