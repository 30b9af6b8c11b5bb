using System.Collections.Frozen;

namespace CaseHub.Core.Tickets;

/// <summary>
/// Every move a ticket's status may make, in one table: code that changes a status asks here first,
/// so a new path through the workflow is a reviewed line below rather than an assignment somewhere else.
/// </summary>
public static class TicketStateMachine
{
    private static readonly FrozenDictionary<TicketStatus, TicketStatus[]> Moves = new Dictionary<TicketStatus, TicketStatus[]>
    {
        [TicketStatus.Submitted] = [TicketStatus.PendingApproval, TicketStatus.Dispatched, TicketStatus.Cancelled],
        [TicketStatus.PendingApproval] = [TicketStatus.Dispatched, TicketStatus.Rejected, TicketStatus.Cancelled],
        // Dispatched → Dispatched: a provider declined or timed out and the ticket goes to the next one.
        [TicketStatus.Dispatched] = [TicketStatus.Accepted, TicketStatus.Dispatched, TicketStatus.Cancelled],
        // Accepted → Delivered: one-visit services record delivery without a separate start.
        [TicketStatus.Accepted] = [TicketStatus.InService, TicketStatus.Delivered, TicketStatus.Cancelled],
        [TicketStatus.InService] = [TicketStatus.Delivered],
        [TicketStatus.Delivered] = [TicketStatus.Closed, TicketStatus.Reopened],
        [TicketStatus.Closed] = [TicketStatus.Reopened],
        [TicketStatus.Reopened] = [TicketStatus.Dispatched, TicketStatus.InService, TicketStatus.Closed],
        [TicketStatus.Rejected] = [],
        [TicketStatus.Cancelled] = [],
    }.ToFrozenDictionary();

    /// <summary>
    /// Where a ticket stands while it waits for the county officer to assign a provider: it shows as
    /// dispatched (no provider could take it), except a reopened ticket, which stays reopened until the
    /// officer decides, so the return-visit complaint remains visible.
    /// </summary>
    public static TicketStatus AwaitingAssignment(TicketStatus from) =>
        from != TicketStatus.Reopened && CanMove(from, TicketStatus.Dispatched) ? TicketStatus.Dispatched : from;

    /// <summary>The statuses a ticket in <paramref name="from"/> may move to; empty for a final status.</summary>
    public static IReadOnlyList<TicketStatus> Allowed(TicketStatus from) => Moves.TryGetValue(from, out var to) ? to : [];

    public static bool CanMove(TicketStatus from, TicketStatus to) => Allowed(from).Contains(to);

    /// <summary>Returns <paramref name="to"/> when the move is in the table, otherwise throws <see cref="InvalidTicketTransitionException"/>.</summary>
    public static TicketStatus Transition(TicketStatus from, TicketStatus to) =>
        CanMove(from, to) ? to : throw new InvalidTicketTransitionException(from, to, Allowed(from));
}
