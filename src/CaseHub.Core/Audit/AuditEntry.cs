namespace CaseHub.Core.Audit;

/// <summary>
/// One row of the append-only audit log. Each row carries the hash of the row before it, so editing,
/// removing or reordering any row breaks the chain from that row on. <see cref="Id"/>,
/// <see cref="PreviousHash"/> and <see cref="Hash"/> are assigned when a pending record is chained (see
/// <see cref="AuditSealer"/>), never by the code that records it.
/// </summary>
public sealed class AuditEntry
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The predecessor's id + 1: the primary key is what stops two appenders from forking the chain.</summary>
    public long Id { get; set; }

    /// <summary>UTC, whole milliseconds: every provider stores that exactly, so the hash survives a round trip.</summary>
    public DateTimeOffset At { get; init; }

    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public string? JurisdictionId { get; init; }

    /// <summary>JSON with phone and ID numbers masked.</summary>
    public string? Data { get; init; }

    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}
