using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Providers;
using CaseHub.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Visits;

/// <summary>结对: a department paired with an island, with a target of on-island visits per month.</summary>
public sealed class Pairing
{
    public const int DefaultVisitsPerMonth = 1;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>A provider of kind <c>department</c>.</summary>
    public required string ProviderId { get; init; }
    /// <summary>An island.</summary>
    public required string JurisdictionId { get; init; }
    public int VisitsPerMonth { get; set; } = DefaultVisitsPerMonth;
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A month in which a pairing fell short of its target, raised once for the island's county officer: the unique
/// (pairing, month) key makes the monthly check idempotent however often it runs. The officer acknowledges it.
/// </summary>
public sealed class PairingAlert
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required Guid PairingId { get; init; }
    /// <summary>The month checked, as <c>yyyy-MM</c> (China calendar).</summary>
    public required string Month { get; init; }
    /// <summary>The county whose officer answers for it.</summary>
    public required string JurisdictionId { get; init; }
    public required int Target { get; init; }
    public required int Done { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
}

internal sealed class PairingConfiguration : IEntityTypeConfiguration<Pairing>
{
    public void Configure(EntityTypeBuilder<Pairing> p)
    {
        p.ToTable("Pairings");
        p.HasKey(x => x.Id);
        p.Property(x => x.ProviderId).HasMaxLength(64);
        p.Property(x => x.JurisdictionId).HasMaxLength(64);
        p.Property(x => x.CreatedBy).HasMaxLength(256);
        p.Property(x => x.CreatedAt).HasConversion(UtcConverter.Instance);
        // One pairing per department and island: a second would double the target.
        p.HasIndex(x => new { x.ProviderId, x.JurisdictionId }).IsUnique();
        p.HasIndex(x => x.JurisdictionId);
        p.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PairingAlertConfiguration : IEntityTypeConfiguration<PairingAlert>
{
    public void Configure(EntityTypeBuilder<PairingAlert> a)
    {
        a.ToTable("PairingAlerts");
        a.HasKey(x => x.Id);
        a.Property(x => x.Month).HasMaxLength(7).IsUnicode(false);
        a.Property(x => x.JurisdictionId).HasMaxLength(64);
        a.Property(x => x.AcknowledgedBy).HasMaxLength(256);
        a.Property(x => x.CreatedAt).HasConversion(UtcConverter.Instance);
        a.Property(x => x.AcknowledgedAt).HasConversion(UtcConverter.Instance);
        a.HasIndex(x => new { x.PairingId, x.Month }).IsUnique();
        a.HasIndex(x => x.JurisdictionId);
        a.HasOne<Pairing>().WithMany().HasForeignKey(x => x.PairingId).OnDelete(DeleteBehavior.Cascade);
    }
}
