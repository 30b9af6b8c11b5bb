using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;

namespace CaseHub.Core.Sla;

/// <summary>The pure rules behind SLA clocks, kept apart from the database so they can be checked on their own.</summary>
public static class SlaRules
{
    /// <summary>
    /// Statuses whose clock runs: the service is still owed. Delivered, closed, rejected and cancelled tickets
    /// are neither recalculated nor escalated; a reopened ticket is owed again.
    /// </summary>
    public static IReadOnlyList<TicketStatus> ClockRunning { get; } =
    [
        TicketStatus.Submitted, TicketStatus.PendingApproval, TicketStatus.Dispatched,
        TicketStatus.Accepted, TicketStatus.InService, TicketStatus.Reopened,
    ];

    /// <summary>The intervals of the suspensions that pause clocks at <paramref name="place"/>: those on it or an ancestor.</summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> PausingAt(Jurisdiction place, IEnumerable<Suspension> suspensions) =>
        [.. suspensions.Where(s => place.DepthOf(s.JurisdictionId) >= 0).Select(s => (s.From, s.To)).OrderBy(s => s.From)];

    /// <summary>The county a place belongs to (where escalations go); the place itself when no county is above it.</summary>
    public static string CountyOf(Jurisdiction place, IReadOnlySet<string> countyIds) =>
        place.LineageIds.LastOrDefault(countyIds.Contains) ?? place.Id;
}
