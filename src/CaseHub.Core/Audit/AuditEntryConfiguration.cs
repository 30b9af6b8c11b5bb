using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Audit;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditEntries");
        e.HasKey(x => x.Id);
        // The sealer assigns predecessor + 1; a database-generated id could skip numbers or be taken out of order.
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Actor).HasMaxLength(256);
        e.Property(x => x.Action).HasMaxLength(64);
        e.Property(x => x.EntityType).HasMaxLength(64);
        e.Property(x => x.EntityId).HasMaxLength(128);
        e.Property(x => x.JurisdictionId).HasMaxLength(64);
        e.Property(x => x.PreviousHash).HasMaxLength(64).IsFixedLength().IsUnicode(false);
        e.Property(x => x.Hash).HasMaxLength(64).IsFixedLength().IsUnicode(false);
    }
}
