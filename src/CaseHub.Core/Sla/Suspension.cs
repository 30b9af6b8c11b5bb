using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Sla;

/// <summary>
/// A span during which SLA clocks stop for a jurisdiction and everything below it (ferry stopped, typhoon).
/// Declared by a county officer or an administrator; never edited, so the clocks it paused stay explainable.
/// </summary>
public sealed class Suspension
{
    public const int ReasonMaxLength = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string JurisdictionId { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required string Reason { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed class SuspensionConfiguration : IEntityTypeConfiguration<Suspension>
{
    public void Configure(EntityTypeBuilder<Suspension> s)
    {
        s.ToTable("Suspensions");
        s.HasKey(x => x.Id);
        s.Property(x => x.JurisdictionId).HasMaxLength(64);
        // Stored as UTC date-times: SQLite cannot compare DateTimeOffset values in queries, and the overlap test needs to.
        s.Property(x => x.From).HasConversion(UtcConverter.Instance);
        s.Property(x => x.To).HasConversion(UtcConverter.Instance);
        s.Property(x => x.CreatedAt).HasConversion(UtcConverter.Instance);
        s.Property(x => x.Reason).HasMaxLength(Suspension.ReasonMaxLength);
        s.Property(x => x.CreatedBy).HasMaxLength(256);
        s.HasIndex(x => new { x.JurisdictionId, x.From });
        s.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
    }
}
