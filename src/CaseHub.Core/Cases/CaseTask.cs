using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Cases;

/// <summary>The kinds of work a person does on a ticket, as <c>GET /api/tasks</c> names them.</summary>
public static class TaskKinds
{
    public const string Approval = "approval";
    public const string Dispatch = "dispatch";
    public const string Delivery = "delivery";
    public const string ReturnVisit = "returnVisit";
    /// <summary>A ticket past its SLA due time, for the county officer (an addition to the contract's four kinds).</summary>
    public const string Escalation = "escalation";
}

/// <summary>
/// A piece of human work on a ticket: who may do it (role, jurisdiction, provider), its outcomes, and
/// how it ended. Tasks raised by a workflow share their id with the workflow bookmark that waits for
/// them, and are written in the same step; the task is open while that bookmark exists, so a task
/// whose branch was cancelled (or whose workflow ended) disappears from the lists by itself.
/// </summary>
public sealed class CaseTask
{
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
    public required Guid TicketId { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    /// <summary>The role that completes it; several are separated by commas (an approval by a caseworker or a county officer).</summary>
    public required string Role { get; init; }
    /// <summary>Where the task belongs: callers see it when this place is inside their home jurisdiction.</summary>
    public required string JurisdictionId { get; init; }
    /// <summary>For dispatch and delivery tasks: the provider whose users complete it.</summary>
    public string? ProviderId { get; init; }
    /// <summary>The outcomes offered, comma separated.</summary>
    public required string Outcomes { get; init; }
    /// <summary>The workflow instance waiting on it; null for tasks no workflow waits on (escalations).</summary>
    public string? WorkflowInstanceId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Moved when a suspension pauses the clock (<see cref="DueHours"/> counted again around it).</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>The time limit in working hours <see cref="DueAt"/> was counted from; null when the due time is not a working-hours limit.</summary>
    public double? DueHours { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? Outcome { get; set; }
    public string? Comment { get; set; }

    public IReadOnlyList<string> OutcomeList => Outcomes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool IsFor(string role) => Role.Split(',').Contains(role, StringComparer.Ordinal);

    /// <summary>Records how the task ended; <paramref name="by"/> is null when its timer ended it.</summary>
    public void Complete(DateTimeOffset at, string? by, string outcome, string? comment)
    {
        CompletedAt = at;
        CompletedBy = by;
        Outcome = outcome;
        Comment = comment;
    }
}

public static class CaseTaskQueries
{
    /// <summary>Tasks <paramref name="role"/> may complete (<see cref="CaseTask.Role"/> may list several), as one SQL test.</summary>
    public static IQueryable<CaseTask> ForRole(this IQueryable<CaseTask> tasks, string role)
    {
        var listed = "," + role + ",";
        return tasks.Where(t => ("," + t.Role + ",").Contains(listed));
    }
}

internal sealed class CaseTaskConfiguration : IEntityTypeConfiguration<CaseTask>
{
    public void Configure(EntityTypeBuilder<CaseTask> t)
    {
        t.ToTable("CaseTasks");
        t.HasKey(x => x.Id);
        t.Property(x => x.Id).HasMaxLength(32).IsUnicode(false);
        t.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        t.Property(x => x.Kind).HasMaxLength(32).IsUnicode(false);
        t.Property(x => x.Title).HasMaxLength(200);
        t.Property(x => x.Role).HasMaxLength(100).IsUnicode(false);
        t.Property(x => x.JurisdictionId).HasMaxLength(64);
        t.Property(x => x.ProviderId).HasMaxLength(64);
        t.Property(x => x.Outcomes).HasMaxLength(400);
        t.Property(x => x.WorkflowInstanceId).HasMaxLength(64).IsUnicode(false);
        t.Property(x => x.CompletedBy).HasMaxLength(256);
        t.Property(x => x.Outcome).HasMaxLength(64);
        t.Property(x => x.Comment).HasMaxLength(2000);
        t.Property(x => x.CreatedAt).HasConversion(UtcConverter.Instance);
        t.Property(x => x.DueAt).HasConversion(UtcConverter.Instance);
        t.Property(x => x.CompletedAt).HasConversion(UtcConverter.Instance);
        // The task lists ask for open tasks by place and by provider; a ticket shows its own.
        t.HasIndex(x => new { x.CompletedAt, x.JurisdictionId });
        t.HasIndex(x => new { x.CompletedAt, x.ProviderId });
        t.HasIndex(x => x.TicketId);
    }
}
