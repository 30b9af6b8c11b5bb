using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Providers;

/// <summary>A catalogue item a provider delivers, by item code (a local item's code may exist in several counties).</summary>
public sealed class ProviderService
{
    public required string ProviderId { get; init; }
    public required string ServiceCode { get; init; }
}

internal sealed class ProviderServiceConfiguration : IEntityTypeConfiguration<ProviderService>
{
    public void Configure(EntityTypeBuilder<ProviderService> e)
    {
        e.ToTable("ProviderServices");
        e.HasKey(x => new { x.ProviderId, x.ServiceCode });
        e.Property(x => x.ProviderId).HasMaxLength(64);
        e.Property(x => x.ServiceCode).HasMaxLength(64);
        // Dispatch will ask "who delivers this item".
        e.HasIndex(x => x.ServiceCode);
        e.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}
