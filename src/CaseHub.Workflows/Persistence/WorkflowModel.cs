using Microsoft.EntityFrameworkCore;

namespace CaseHub.Workflows.Persistence;

public static class WorkflowModel
{
    /// <summary>Adds the engine's tables to a host's model, so one transaction covers the host's rows and the workflow's.</summary>
    public static ModelBuilder ApplyWorkflowModel(this ModelBuilder builder)
    {
        builder.Entity<WorkflowDefinitionRecord>(d =>
        {
            d.ToTable("WorkflowDefinitions");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).HasMaxLength(36);
            d.Property(x => x.DefinitionId).HasMaxLength(100);
            d.Property(x => x.Name).HasMaxLength(200);
            d.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
            d.HasIndex(x => new { x.DefinitionId, x.IsPublished });
        });
        builder.Entity<WorkflowInstanceRecord>(i =>
        {
            i.ToTable("WorkflowInstances");
            i.HasKey(x => x.Id);
            i.Property(x => x.Id).HasMaxLength(36);
            i.Property(x => x.DefinitionId).HasMaxLength(100);
            i.Property(x => x.DefinitionVersionId).HasMaxLength(36);
            i.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            i.Property(x => x.CorrelationId).HasMaxLength(100);
            i.Property(x => x.Revision).IsConcurrencyToken();
            i.HasIndex(x => x.CorrelationId);
            i.HasIndex(x => new { x.DefinitionId, x.Status });
        });
        builder.Entity<WorkflowBookmarkRecord>(b =>
        {
            b.ToTable("WorkflowBookmarks");
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasMaxLength(36);
            b.Property(x => x.InstanceId).HasMaxLength(36);
            b.Property(x => x.ActivityId).HasMaxLength(100);
            b.Property(x => x.Kind).HasMaxLength(32);
            b.Property(x => x.Name).HasMaxLength(200);
            b.Property(x => x.CorrelationId).HasMaxLength(100);
            b.HasIndex(x => new { x.Kind, x.Name, x.CorrelationId });
            b.HasIndex(x => x.InstanceId);
        });
        builder.Entity<WorkflowTimerRecord>(t =>
        {
            t.ToTable("WorkflowTimers");
            t.HasKey(x => x.Id);
            t.Property(x => x.Id).HasMaxLength(36);
            t.Property(x => x.InstanceId).HasMaxLength(36);
            t.Property(x => x.LeaseOwner).HasMaxLength(200);
            t.HasIndex(x => x.DueAt);
        });
        builder.Entity<WorkflowJournalRecord>(j =>
        {
            j.ToTable("WorkflowJournal");
            j.HasKey(x => x.Id);
            j.Property(x => x.InstanceId).HasMaxLength(36);
            j.Property(x => x.ActivityId).HasMaxLength(100);
            j.Property(x => x.ActivityType).HasMaxLength(100);
            j.Property(x => x.Outcome).HasMaxLength(200);
            j.HasIndex(x => new { x.InstanceId, x.Id });
        });
        builder.Entity<WorkflowOutboxRecord>(o =>
        {
            o.ToTable("WorkflowOutbox");
            o.HasKey(x => x.Id);
            o.Property(x => x.InstanceId).HasMaxLength(36);
            o.Property(x => x.Topic).HasMaxLength(100);
            o.Property(x => x.ProcessedBy).HasMaxLength(200);
            o.HasIndex(x => new { x.ProcessedAt, x.Id });
        });
        return builder;
    }
}
