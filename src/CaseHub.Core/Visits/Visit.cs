using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Visits;

/// <summary>Where a visit stands; stored by name, the names are the API's values.</summary>
public enum VisitStatus
{
    /// <summary>Planned, not yet recorded.</summary>
    Scheduled,
    /// <summary>The provider recorded it done, with the residents served.</summary>
    Done,
    /// <summary>The provider recorded it not done, with a reason.</summary>
    Cancelled,
    /// <summary>Called off (weather, ferry stopped, a suspension) and moved: <see cref="Visit.RescheduledToId"/> is the new one.</summary>
    Rescheduled,
    /// <summary>Its day passed without a record; the county officer has a task about it.</summary>
    Missed,
}

/// <summary>
/// One on-island visit of a plan. A visit a cron occurrence made carries that occurrence in <see cref="OccurrenceAt"/>,
/// unique per plan and inserted before anything else, so two hosts, Hangfire's retries and restarts never make it
/// twice. A visit moved to another day is a new row (no occurrence) that the old one points to.
/// </summary>
public sealed class Visit
{
    public const int ReasonMaxLength = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required Guid PlanId { get; init; }
    /// <summary>The cron occurrence that made it; null for a visit that a reschedule made.</summary>
    public DateTimeOffset? OccurrenceAt { get; init; }
    public required DateTimeOffset ScheduledFor { get; init; }
    public VisitStatus Status { get; set; } = VisitStatus.Scheduled;
    /// <summary>Why it was cancelled, moved or not done.</summary>
    public string? Reason { get; set; }
    /// <summary>The visit's ticket (channel <c>visit</c>); a moved visit keeps its ticket.</summary>
    public Guid? TicketId { get; set; }
    public Guid? RescheduledToId { get; set; }
    public int? ResidentsServed { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> v)
    {
        v.ToTable("Visits");
        v.HasKey(x => x.Id);
        v.Property(x => x.OccurrenceAt).HasConversion(UtcConverter.Instance);
        v.Property(x => x.ScheduledFor).HasConversion(UtcConverter.Instance);
        v.Property(x => x.CreatedAt).HasConversion(UtcConverter.Instance);
        v.Property(x => x.RecordedAt).HasConversion(UtcConverter.Instance);
        v.Property(x => x.Status).HasConversion<string>().HasMaxLength(16).IsUnicode(false);
        v.Property(x => x.Reason).HasMaxLength(Visit.ReasonMaxLength);
        v.Property(x => x.RecordedBy).HasMaxLength(256);
        // The exactly-once key: the first host to insert an occurrence makes it, any other gets a unique violation.
        v.HasIndex(x => new { x.PlanId, x.OccurrenceAt }).IsUnique();
        // The calendar and the missed sweep read visits by day; a ticket finds its visit.
        v.HasIndex(x => new { x.Status, x.ScheduledFor });
        v.HasIndex(x => x.TicketId);
        v.HasOne<VisitPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        v.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Restrict);
        v.HasOne<Visit>().WithMany().HasForeignKey(x => x.RescheduledToId).OnDelete(DeleteBehavior.Restrict);
    }
}
