using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Catalog;

/// <summary>
/// A county's (or any jurisdiction's) customisation of an item for its subtree. Null fields inherit; the
/// override nearest to the place wins field by field.
/// </summary>
public sealed class ItemOverride
{
    public required string ItemId { get; init; }
    public required string JurisdictionId { get; init; }
    public bool? Enabled { get; set; }
    public int? SlaHours { get; set; }
    public string? WorkflowDefinitionId { get; set; }
    public string? ProviderId { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

internal sealed class ItemOverrideConfiguration : IEntityTypeConfiguration<ItemOverride>
{
    public void Configure(EntityTypeBuilder<ItemOverride> o)
    {
        o.HasKey(x => new { x.ItemId, x.JurisdictionId });
        o.Property(x => x.ItemId).HasMaxLength(64);
        o.Property(x => x.JurisdictionId).HasMaxLength(64);
        o.Property(x => x.WorkflowDefinitionId).HasMaxLength(100);
        o.Property(x => x.ProviderId).HasMaxLength(64);
        o.Property(x => x.ChangedBy).HasMaxLength(256);
        o.HasOne<ServiceItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        o.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Cascade);
    }
}
