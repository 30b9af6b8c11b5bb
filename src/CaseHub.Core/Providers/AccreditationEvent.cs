using CaseHub.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Providers;

/// <summary>One step of a provider's accreditation; never edited, so a revocation can be traced back to its notice.</summary>
public sealed class AccreditationEvent
{
    public const int ReasonMaxLength = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string ProviderId { get; init; }
    public required string Action { get; init; }
    public required string FromState { get; init; }
    public required string ToState { get; init; }
    public required string Reason { get; init; }
    /// <summary>For a rectification notice: the date by which the provider must put things right.</summary>
    public DateTimeOffset? Deadline { get; init; }
    public required string Actor { get; init; }
    public required DateTimeOffset At { get; init; }
}

internal sealed class AccreditationEventConfiguration : IEntityTypeConfiguration<AccreditationEvent>
{
    public void Configure(EntityTypeBuilder<AccreditationEvent> e)
    {
        e.ToTable("AccreditationEvents");
        e.HasKey(x => x.Id);
        e.Property(x => x.ProviderId).HasMaxLength(64);
        e.Property(x => x.Action).HasMaxLength(16);
        e.Property(x => x.FromState).HasMaxLength(16);
        e.Property(x => x.ToState).HasMaxLength(16);
        e.Property(x => x.Reason).HasMaxLength(AccreditationEvent.ReasonMaxLength);
        e.Property(x => x.Actor).HasMaxLength(256);
        // UTC date-times, as for suspensions: SQLite cannot order DateTimeOffset values in queries.
        e.Property(x => x.At).HasConversion(UtcConverter.Instance);
        e.Property(x => x.Deadline).HasConversion(UtcConverter.Instance);
        e.HasIndex(x => new { x.ProviderId, x.At });
        // The history must outlive any attempt to remove its provider.
        e.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Restrict);
    }
}
