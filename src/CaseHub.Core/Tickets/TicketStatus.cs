namespace CaseHub.Core.Tickets;

/// <summary>Where a ticket stands; the names are the API's <c>status</c> values, so renaming one breaks clients.</summary>
public enum TicketStatus
{
    Submitted,
    PendingApproval,
    Rejected,
    Dispatched,
    Accepted,
    InService,
    Delivered,
    Closed,
    Cancelled,
    Reopened,
}
