using CaseHub.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Audit;

/// <summary>
/// An audit record written in the transaction of the change it describes, waiting for the
/// <see cref="AuditSealer"/> to chain it into <see cref="AuditEntry"/>. Recording takes no lock, so
/// requests do not queue behind one another for the chain; sealing takes it once per batch.
/// </summary>
public sealed class PendingAuditEntry
{
    /// <summary>Version 7: ordered by creation, the order the sealer chains in.</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>UTC, whole milliseconds: every provider stores that exactly, so the hash survives a round trip.</summary>
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public string? JurisdictionId { get; init; }
    public string? Data { get; init; }
}

internal sealed class PendingAuditEntryConfiguration : IEntityTypeConfiguration<PendingAuditEntry>
{
    public void Configure(EntityTypeBuilder<PendingAuditEntry> e)
    {
        e.ToTable("PendingAuditEntries");
        e.HasKey(x => x.Id);
        e.Property(x => x.At).HasConversion(UtcConverter.Instance);
        e.Property(x => x.Actor).HasMaxLength(256);
        e.Property(x => x.Action).HasMaxLength(64);
        e.Property(x => x.EntityType).HasMaxLength(64);
        e.Property(x => x.EntityId).HasMaxLength(128);
        e.Property(x => x.JurisdictionId).HasMaxLength(64);
        e.HasIndex(x => x.At);
    }
}
