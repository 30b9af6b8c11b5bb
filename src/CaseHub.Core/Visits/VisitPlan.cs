using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Providers;
using CaseHub.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Visits;

/// <summary>
/// A provider's recurring on-island service: an item, an island, a cron in a time zone. Each occurrence of the cron
/// makes one <see cref="Visit"/> (and its ticket). <see cref="LastOccurrenceAt"/> is how far the plan has been made:
/// Hangfire's in-memory storage forgets what it ran, so the plan itself remembers, and a catch-up makes every
/// occurrence after it.
/// </summary>
public sealed class VisitPlan
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string ServiceCode { get; set; }
    /// <summary>An island.</summary>
    public required string JurisdictionId { get; set; }
    /// <summary>A provider contracted for the item there.</summary>
    public required string ProviderId { get; set; }
    /// <summary>Five fields (minute hour day month weekday), as Hangfire and Cronos read them.</summary>
    public required string Cron { get; set; }
    /// <summary>An IANA time zone id the cron is read in.</summary>
    public required string TimeZone { get; set; }
    /// <summary>The department–island pairing the plan's visits count for, if any.</summary>
    public Guid? PairingId { get; set; }
    public bool Paused { get; set; }
    /// <summary>
    /// The latest occurrence made; occurrences up to here are done with (made, or passed while paused or before the
    /// cron was last edited). Starts at the plan's creation.
    /// </summary>
    public required DateTimeOffset LastOccurrenceAt { get; set; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The Hangfire recurring job that runs this plan.</summary>
    public string JobId => JobIdOf(Id);

    public static string JobIdOf(Guid planId) => $"visit-plan:{planId:N}";
}

internal sealed class VisitPlanConfiguration : IEntityTypeConfiguration<VisitPlan>
{
    public void Configure(EntityTypeBuilder<VisitPlan> p)
    {
        p.ToTable("VisitPlans");
        p.HasKey(x => x.Id);
        p.Property(x => x.ServiceCode).HasMaxLength(64);
        p.Property(x => x.JurisdictionId).HasMaxLength(64);
        p.Property(x => x.ProviderId).HasMaxLength(64);
        p.Property(x => x.Cron).HasMaxLength(100).IsUnicode(false);
        p.Property(x => x.TimeZone).HasMaxLength(64).IsUnicode(false);
        p.Property(x => x.CreatedBy).HasMaxLength(256);
        p.Property(x => x.LastOccurrenceAt).HasConversion(UtcConverter.Instance);
        p.Property(x => x.CreatedAt).HasConversion(UtcConverter.Instance);
        p.Property(x => x.UpdatedAt).HasConversion(UtcConverter.Instance);
        p.HasIndex(x => x.JurisdictionId);
        p.HasIndex(x => x.ProviderId);
        p.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne<Pairing>().WithMany().HasForeignKey(x => x.PairingId).OnDelete(DeleteBehavior.Restrict);
    }
}
