namespace CaseHub.Core.Tickets;

/// <summary>A status change the state machine refuses; the API answers it with 409 (RefusedTransitionHandler), a workflow step with an incident.</summary>
public sealed class InvalidTicketTransitionException(TicketStatus from, TicketStatus to, IReadOnlyList<TicketStatus> allowed)
    : InvalidOperationException(Describe(from, to, allowed))
{
    public TicketStatus From { get; } = from;
    public TicketStatus To { get; } = to;
    public IReadOnlyList<TicketStatus> Allowed { get; } = allowed;

    private static string Describe(TicketStatus from, TicketStatus to, IReadOnlyList<TicketStatus> allowed) =>
        allowed.Count == 0
            ? $"工单状态 {from} 为终态，不能变为 {to} / A ticket in {from} is final and cannot move to {to}."
            : $"工单状态不能从 {from} 变为 {to}，允许：{string.Join("、", allowed)} / A ticket cannot move from {from} to {to}; allowed: {string.Join(", ", allowed)}.";
}
