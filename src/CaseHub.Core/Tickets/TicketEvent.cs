using CaseHub.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Tickets;

/// <summary>One entry of a ticket's timeline: what happened, when, who did it, and its details as JSON.</summary>
public sealed class TicketEvent
{
    public const string Submitted = "submitted";
    public const string StatusChanged = "status_changed";

    /// <summary>Version 7, so ordering by id is ordering by creation when two events share a timestamp.</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required Guid TicketId { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Type { get; init; }
    public required string Actor { get; init; }
    public string? Data { get; init; }
}

internal sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> e)
    {
        e.ToTable("TicketEvents");
        e.HasKey(x => x.Id);
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.TicketId, x.At });
        e.Property(x => x.Type).HasMaxLength(64).IsUnicode(false);
        e.Property(x => x.Actor).HasMaxLength(256);
        e.Property(x => x.At).HasConversion(UtcConverter.Instance);
    }
}
