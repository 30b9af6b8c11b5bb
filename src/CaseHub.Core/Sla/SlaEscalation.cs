using CaseHub.Core.Audit;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Sla;

/// <summary>
/// Raises an escalation task for the county officer when an open ticket passes its due time, once per ticket.
/// Any number of hosts may sweep at once: a ticket is claimed by one conditional UPDATE of its escalation mark
/// inside the transaction that writes the task, so only the host whose UPDATE changed the row writes one.
/// Each ticket commits on its own and the change tracker is cleared after it: run the sweep in a DI scope of
/// its own (the Hangfire job does), not in one with unsaved changes.
/// </summary>
public sealed class SlaEscalation(CaseHubDbContext db, TicketTimeline timeline, AuditLog audit, TimeProvider clock, ILogger<SlaEscalation> logger)
{
    public const string EventType = "sla.overdue";
    public const string Actor = "system:sla";
    public const string Acknowledged = "Acknowledged";

    /// <summary>Escalates every overdue open ticket not yet escalated, earliest due first; returns how many this call escalated.</summary>
    public Task<int> EscalateOverdueAsync(CancellationToken ct) => EscalateOverdueAsync(200, ct);

    public async Task<int> EscalateOverdueAsync(int batchSize, CancellationToken ct)
    {
        // Counties are a handful of rows; reading them once spares a lineage query per ticket.
        var counties = (await db.Jurisdictions.AsNoTracking().Where(j => j.Kind == JurisdictionKind.County).Select(j => j.Id).ToListAsync(ct)).ToHashSet();
        var running = SlaRules.ClockRunning;
        var escalated = 0;
        var tried = new HashSet<Guid>();
        while (true)
        {
            var now = clock.GetUtcNow();
            var due = await db.Set<Ticket>().AsNoTracking()
                .Where(t => running.Contains(t.Status) && t.DueAt != null && t.DueAt < now && t.EscalatedAt == null)
                .OrderBy(t => t.DueAt).Select(t => t.Id).Take(batchSize).ToListAsync(ct);
            // A ticket is tried once per sweep: one that failed (logged below) would otherwise come back in every batch.
            var fresh = due.Where(tried.Add).ToList();
            foreach (var id in fresh)
            {
                try
                {
                    if (await EscalateAsync(id, counties, ct)) escalated++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One broken ticket must not hold back the others, which are due later; the next sweep tries it again.
                    logger.LogError(e, "Escalating overdue ticket {Ticket} failed", id);
                }
                finally
                {
                    db.ChangeTracker.Clear(); // nothing of a failed ticket may ride along with the next one's save
                }
            }
            if (due.Count < batchSize || fresh.Count == 0) return escalated;
        }
    }

    private async Task<bool> EscalateAsync(Guid ticketId, IReadOnlySet<string> counties, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var running = SlaRules.ClockRunning;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Set<Ticket>()
            .Where(t => t.Id == ticketId && t.EscalatedAt == null && running.Contains(t.Status) && t.DueAt != null && t.DueAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.EscalatedAt, now), ct);
        if (claimed == 0) return false; // escalated elsewhere, closed or moved by a suspension meanwhile; disposing rolls back

        var ticket = await db.Set<Ticket>().AsNoTracking().SingleAsync(t => t.Id == ticketId, ct);
        var place = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == ticket.JurisdictionId, ct);
        var task = new CaseTask
        {
            TicketId = ticket.Id,
            Kind = TaskKinds.Escalation,
            Title = $"工单超时：{ticket.Number}",
            Role = Roles.CountyOfficer,
            JurisdictionId = SlaRules.CountyOf(place, counties),
            Outcomes = Acknowledged,
            WorkflowInstanceId = null,
            CreatedAt = now,
            DueAt = null,
        };
        db.Set<CaseTask>().Add(task);
        timeline.Record(ticket, EventType, Actor, new { dueAt = ticket.DueAt, taskId = task.Id });
        audit.Record(Actor, "ticket.escalate", nameof(Ticket), ticket.Id.ToString(), ticket.JurisdictionId, new { dueAt = ticket.DueAt, taskId = task.Id });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
