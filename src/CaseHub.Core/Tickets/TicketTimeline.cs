using System.Text.Json;
using CaseHub.Core.Audit;
using CaseHub.Core.Data;

namespace CaseHub.Core.Tickets;

/// <summary>
/// Writes what happens to a ticket: timeline events, and status moves (checked by the state machine,
/// recorded as an event and in the audit log). Nothing is saved here: the changes join the caller's
/// unit of work — the intake transaction, or the workflow step that made them.
/// </summary>
public sealed class TicketTimeline(CaseHubDbContext db, AuditLog audit, TimeProvider time)
{
    public void Record(Ticket ticket, string type, string actor, object? data = null) =>
        db.Set<TicketEvent>().Add(new TicketEvent
        {
            TicketId = ticket.Id, At = time.GetUtcNow(), Type = type, Actor = actor,
            Data = data is null ? null : JsonSerializer.Serialize(data, JsonSerializerOptions.Web),
        });

    /// <summary>Moves the ticket to <paramref name="to"/>; throws <see cref="InvalidTicketTransitionException"/> when the table forbids it.</summary>
    public void Move(Ticket ticket, TicketStatus to, string actor, object? data = null)
    {
        var from = ticket.Status;
        ticket.MoveTo(to, time.GetUtcNow());
        Record(ticket, TicketEvent.StatusChanged, actor, new { from = from.ToString(), to = to.ToString(), details = data });
        audit.Record(actor, "ticket.status", nameof(Ticket), ticket.Id.ToString(), ticket.JurisdictionId, new { from = from.ToString(), to = to.ToString() });
    }

    /// <summary>Moves the ticket unless it is already there (a second approval level leaves it pending).</summary>
    public void MoveIfNeeded(Ticket ticket, TicketStatus to, string actor, object? data = null)
    {
        if (ticket.Status != to) Move(ticket, to, actor, data);
    }
}
