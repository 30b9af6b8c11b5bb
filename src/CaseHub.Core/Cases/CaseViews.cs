using System.Text.Json;

namespace CaseHub.Core.Cases;

// What the case facade shows of tickets and tasks; the HTTP API and the pages render these as they are.

public sealed record ResidentView(string Name, string Phone);
public sealed record EventView(DateTimeOffset At, string Type, string Actor, JsonElement? Data);
public sealed record TicketView(Guid Id, string Number, string ServiceCode, string JurisdictionId, string Channel, string Status,
    ResidentView Resident, DateTimeOffset? DueAt, List<EventView> Events, List<TicketTaskView> Tasks, string? WorkflowInstanceId,
    string? ProviderId, DateTimeOffset CreatedAt, int ItemVersion);
public sealed record TicketTaskView(string Id, string Kind, string Title, List<string> Outcomes, DateTimeOffset? DueAt, bool Open,
    string? Outcome, string? CompletedBy, DateTimeOffset? CompletedAt);
public sealed record TicketSummary(Guid Id, string Number, string ServiceCode, string JurisdictionId, string Channel, string Status,
    ResidentView Resident, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, string? ProviderId, string? WorkflowInstanceId);
public sealed record Page<T>(List<T> Items, int Total);

public sealed record TaskView(string Id, Guid TicketId, string TicketNumber, string ServiceCode, string Kind, string Title,
    List<string> Outcomes, DateTimeOffset? DueAt, DateTimeOffset CreatedAt, string JurisdictionId, string? ProviderId, string TicketJurisdictionId, DateTimeOffset? TicketDueAt);
/// <summary>A completed task: the ticket's status and its workflow's status after the step (Faulted says the step failed).</summary>
public sealed record TaskCompleted(string Id, string Outcome, Guid TicketId, string TicketStatus, string? WorkflowStatus);
public sealed record FeedbackCreated(Guid Id, Guid TicketId, int Rating, string TicketStatus);

/// <summary>
/// Which tickets a list shows: the caller's, narrowed by status, item, place, channel, a search <c>q</c> (a ticket
/// number or part of one; four digits: the last four of the resident's phone) and the days ordered (China time, both included).
/// </summary>
public sealed record TicketFilter(string? Status, string? ServiceCode, string? JurisdictionId, int? Page, int? PageSize,
    string? Channel = null, string? Q = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>Which of the caller's open tasks a list shows: one kind or all, one page.</summary>
public sealed record TaskFilter(string? Kind, int? Page, int? PageSize);

/// <summary>One page of the actor's open tasks and how many they have of each kind.</summary>
public sealed record TaskBoard(Page<TaskView> Tasks, IReadOnlyDictionary<string, int> Counts);

/// <summary>What a person submits to complete a task.</summary>
public sealed record CompleteTask(string? Outcome, string? Comment, JsonElement? Data);
