using CaseHub.Workflows.Runtime;

namespace CaseHub.Workflows.Persistence;

/// <summary>One saved version of a definition; the Elsa JSON as written back, with the engine's bookkeeping beside it.</summary>
public sealed class WorkflowDefinitionRecord
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    public int Version { get; init; }
    public string? Name { get; set; }
    /// <summary>At most one version of a definition is published: the one new instances use.</summary>
    public bool IsPublished { get; set; }
    public required string Json { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? PublishedAt { get; set; }
}

/// <summary>A running or ended instance. <see cref="Revision"/> is the optimistic-concurrency token of every step.</summary>
public sealed class WorkflowInstanceRecord
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    public int Version { get; set; }
    /// <summary>
    /// The exact definition version row it runs; it stays on that version until it ends, unless a retry after a fault
    /// moves it to a newer one that still has the activity it faulted in.
    /// </summary>
    public required string DefinitionVersionId { get; set; }
    public WorkflowStatus Status { get; set; }
    public string? CorrelationId { get; set; }
    public required string State { get; set; }
    /// <summary>The last fault, as <see cref="WorkflowIncident"/> JSON (plain text in rows written before it had a shape).</summary>
    public string? Incident { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public int Revision { get; set; }
}

/// <summary>An open bookmark, indexed for lookup by kind, name and correlation id.</summary>
public sealed class WorkflowBookmarkRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string Kind { get; init; }
    public string? Name { get; init; }
    public string? CorrelationId { get; init; }
    public string? Payload { get; init; }
    public DateTime? DueAt { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// A timer: the bookmark to resume when it is due. Its id is the bookmark's, so closing the bookmark
/// closes the timer in the same step. A host claims it with a lease before firing it.
/// </summary>
public sealed class WorkflowTimerRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public DateTime DueAt { get; init; }
    /// <summary>What the bookmark is resumed with when the timer fires (e.g. a user task's TimedOut outcome).</summary>
    public string? Payload { get; init; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
}

/// <summary>One activity execution.</summary>
public sealed class WorkflowJournalRecord
{
    public long Id { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }
    public string? Outcome { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime CompletedAt { get; init; }
    public string? Error { get; init; }
}

/// <summary>An outgoing message written in the step that produced it and delivered after it committed.</summary>
public sealed class WorkflowOutboxRecord
{
    public long Id { get; init; }
    public string? InstanceId { get; init; }
    public required string Topic { get; init; }
    public string? Payload { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ProcessedAt { get; set; }
    public string? ProcessedBy { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
