using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Cases;

/// <summary>A resident's rating of a delivered service (1–5), given through a channel or at the station.</summary>
public sealed class TicketFeedback
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required Guid TicketId { get; init; }
    public required int Rating { get; init; }
    public string? Comment { get; init; }
    /// <summary>The provider that delivered the service, copied so satisfaction by provider needs no join through history.</summary>
    public string? ProviderId { get; init; }
    public required string GivenBy { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>A rating this low reopens the ticket, like an unsatisfied return visit.</summary>
    public bool Reopens => Rating <= 2;
}

internal sealed class TicketFeedbackConfiguration : IEntityTypeConfiguration<TicketFeedback>
{
    public void Configure(EntityTypeBuilder<TicketFeedback> f)
    {
        f.ToTable("TicketFeedback");
        f.HasKey(x => x.Id);
        f.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        f.Property(x => x.Comment).HasMaxLength(2000);
        f.Property(x => x.ProviderId).HasMaxLength(64);
        f.Property(x => x.GivenBy).HasMaxLength(256);
        f.Property(x => x.At).HasConversion(UtcConverter.Instance);
        f.HasIndex(x => x.TicketId);
        f.HasIndex(x => new { x.ProviderId, x.At });
    }
}
