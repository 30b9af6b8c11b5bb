using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Providers;

/// <summary>A jurisdiction (and so its subtree) a provider serves, beside the one it belongs to.</summary>
public sealed class ProviderJurisdiction
{
    public required string ProviderId { get; init; }
    public required string JurisdictionId { get; init; }
}

internal sealed class ProviderJurisdictionConfiguration : IEntityTypeConfiguration<ProviderJurisdiction>
{
    public void Configure(EntityTypeBuilder<ProviderJurisdiction> e)
    {
        e.ToTable("ProviderJurisdictions");
        e.HasKey(x => new { x.ProviderId, x.JurisdictionId });
        e.Property(x => x.ProviderId).HasMaxLength(64);
        e.Property(x => x.JurisdictionId).HasMaxLength(64);
        // Visibility asks "which providers serve inside this subtree", i.e. by jurisdiction.
        e.HasIndex(x => x.JurisdictionId);
        e.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
    }
}
