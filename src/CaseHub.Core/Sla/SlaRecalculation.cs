using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Sla;

/// <summary>
/// Moves the due times of open tickets below a place when a suspension is declared there, and those of their open
/// tasks with a working-hours limit (dispatch, delivery, approval) together with the timers that would time them out.
/// Nothing is saved here: the changes join the declaration's unit of work, so the suspension and the due times it
/// moved commit together. Reads are batched (tickets, tasks, their places, suspensions: one query each).
/// </summary>
public sealed class SlaRecalculation(CaseHubDbContext db, BusinessCalendarSource calendars, TicketTimeline timeline, TimeProvider clock)
{
    public const string EventType = "sla.recalculated";
    public const string TaskEventType = "sla.task_recalculated";

    /// <summary>Recomputes from each ticket's and task's creation; returns how many due times changed.</summary>
    public async Task<int> ApplyAsync(Jurisdiction place, Suspension declared, string actor, CancellationToken ct = default)
    {
        var running = SlaRules.ClockRunning;
        var (starts, ends) = (declared.From, declared.To);
        var below = db.Jurisdictions.Where(j => j.Path.StartsWith(place.Path)).Select(j => j.Id);
        // A clock that ran out before the suspension starts, or started after it ends, cannot move: skipping those
        // keeps a typhoon over a county from rewriting its whole history. Tickets without a due time stay without.
        var tickets = await db.Set<Ticket>()
            .Where(t => below.Contains(t.JurisdictionId)
                        && running.Contains(t.Status) && t.DueAt != null && t.SlaHours != null && t.DueAt > starts && t.CreatedAt < ends)
            .ToListAsync(ct);
        // A task is open while its timer waits (see CaseTask); the task is counted at its ticket's place, as it was opened.
        var tasks = await (
                from task in db.Set<CaseTask>()
                join ticket in db.Set<Ticket>() on task.TicketId equals ticket.Id
                where below.Contains(ticket.JurisdictionId) && task.CompletedAt == null && task.DueHours != null
                      && task.DueAt > starts && task.CreatedAt < ends && db.Set<WorkflowTimerRecord>().Any(timer => timer.Id == task.Id)
                select new { Task = task, ticket.JurisdictionId })
            .ToListAsync(ct);
        if (tickets.Count == 0 && tasks.Count == 0) return 0;

        var placeIds = tickets.Select(t => t.JurisdictionId).Concat(tasks.Select(t => t.JurisdictionId)).Distinct().ToList();
        var places = await db.Jurisdictions.AsNoTracking().Where(j => placeIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
        var lineages = places.Values.SelectMany(p => p.LineageIds).Distinct().ToList();

        var earliest = tickets.Select(t => t.CreatedAt).Concat(tasks.Select(t => t.Task.CreatedAt)).Min();
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

        var moved = new List<(CaseTask Task, DateTimeOffset? Old)>();
        foreach (var (task, placeId) in tasks.Select(t => (t.Task, t.JurisdictionId)))
        {
            var due = calendar.AddWorkingHours(task.CreatedAt, task.DueHours!.Value, SlaRules.PausingAt(places[placeId], suspensions));
            if (due == task.DueAt) continue;
            moved.Add((task, task.DueAt));
            task.DueAt = due;
        }
        if (moved.Count == 0) return changed;

        // The timer row is the engine's truth for when the task times out (it shares the task's id); the instance's own
        // copy of the bookmark keeps its first due time, which only tells the engine that a timeout may resume it.
        var ids = moved.Select(m => m.Task.Id).ToList();
        var timers = await db.Set<WorkflowTimerRecord>().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var owners = tickets.ToDictionary(t => t.Id);
        var missing = moved.Select(m => m.Task.TicketId).Where(id => !owners.ContainsKey(id)).Distinct().ToList();
        foreach (var ticket in await db.Set<Ticket>().Where(t => missing.Contains(t.Id)).ToListAsync(ct)) owners[ticket.Id] = ticket;
        foreach (var (task, old) in moved)
        {
            var due = task.DueAt!.Value;
            // The engine's record is init-only (only the engine creates timers); the new due time goes in through EF's entry.
            db.Entry(timers[task.Id]).Property(t => t.DueAt).CurrentValue = due.UtcDateTime;
            timeline.Record(owners[task.TicketId], TaskEventType, actor,
                new { taskId = task.Id, kind = task.Kind, oldDueAt = old, newDueAt = due, suspensionId = declared.Id });
        }
        return changed + moved.Count;
    }
}
