using CaseHub.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Tickets;

/// <summary>One order of a service for a resident at a place; its history is the <see cref="TicketEvent"/> timeline.</summary>
public sealed class Ticket
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public required string ServiceCode { get; init; }
    public required string ServiceItemId { get; init; }
    /// <summary>The item's version when it was ordered, so a later edit of the item can be told apart.</summary>
    public required int ItemVersion { get; init; }
    public required string JurisdictionId { get; init; }
    public required string Channel { get; init; }
    /// <summary>Changed only through <see cref="MoveTo"/>, so no code path can skip the transition table.</summary>
    public TicketStatus Status { get; private set; } = TicketStatus.Submitted;
    public required Guid ResidentId { get; init; }
    /// <summary>Who ordered on the resident's behalf (station_proxy), and how they are related.</summary>
    public string? ProxyName { get; init; }
    public string? ProxyRelation { get; init; }
    /// <summary>The signed-in user who placed the order (a channel account or station staff).</summary>
    public required string PlacedBy { get; init; }
    /// <summary>The validated order form as JSON.</summary>
    public required string Form { get; init; }
    public string? WorkflowInstanceId { get; set; }
    /// <summary>The provider the ticket is dispatched to (set by dispatch, kept after delivery for satisfaction by provider).</summary>
    public string? ProviderId { get; set; }
    /// <summary>The item's SLA in working hours when it was ordered (with the county's override), so later edits leave the ticket's clock alone.</summary>
    public int? SlaHours { get; init; }
    /// <summary>When the SLA clock runs out: the item's working hours from <see cref="CreatedAt"/> on the business calendar, paused by suspensions.</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>Set when the overdue ticket raised its escalation task, so it is raised once.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
    /// <summary>When the service was last recorded delivered: feedback rates that delivery.</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Moves to <paramref name="to"/> when the table allows it; throws <see cref="InvalidTicketTransitionException"/> otherwise.</summary>
    public void MoveTo(TicketStatus to, DateTimeOffset at)
    {
        Status = TicketStateMachine.Transition(Status, to);
        UpdatedAt = at;
        if (to == TicketStatus.Delivered) DeliveredAt = at;
    }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> t)
    {
        t.ToTable("Tickets");
        t.HasKey(x => x.Id);
        t.Property(x => x.Number).HasMaxLength(32).IsUnicode(false);
        t.HasIndex(x => x.Number).IsUnique();
        t.Property(x => x.ServiceCode).HasMaxLength(64);
        t.Property(x => x.ServiceItemId).HasMaxLength(64);
        t.Property(x => x.JurisdictionId).HasMaxLength(64);
        t.Property(x => x.Channel).HasMaxLength(32).IsUnicode(false);
        // Stored by name: the names are the API's values and survive reordering the enum.
        t.Property(x => x.Status).HasConversion<string>().HasMaxLength(32).IsUnicode(false);
        t.Property(x => x.ProxyName).HasMaxLength(100);
        t.Property(x => x.ProxyRelation).HasMaxLength(50);
        t.Property(x => x.PlacedBy).HasMaxLength(256);
        t.Property(x => x.WorkflowInstanceId).HasMaxLength(64).IsUnicode(false);
        t.Property(x => x.CreatedAt).HasConversion(UtcConverter.Instance);
        t.Property(x => x.UpdatedAt).HasConversion(UtcConverter.Instance);
        t.Property(x => x.ProviderId).HasMaxLength(64);
        t.Property(x => x.DueAt).HasConversion(UtcConverter.Instance);
        t.Property(x => x.EscalatedAt).HasConversion(UtcConverter.Instance);
        t.Property(x => x.DeliveredAt).HasConversion(UtcConverter.Instance);
        // Lists are filtered by place and status and shown newest first.
        t.HasIndex(x => new { x.JurisdictionId, x.CreatedAt });
        t.HasIndex(x => x.Status);
        t.HasIndex(x => x.ResidentId);
        // The escalation sweep looks for open tickets past their due time.
        t.HasIndex(x => x.DueAt);
    }
}
