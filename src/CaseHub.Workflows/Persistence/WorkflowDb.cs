using Microsoft.EntityFrameworkCore;

namespace CaseHub.Workflows.Persistence;

/// <summary>The engine's view of the host's DbContext: its own tables, in the host's transaction.</summary>
public sealed class WorkflowDb(DbContext context)
{
    public DbContext Context { get; } = context;
    public DbSet<WorkflowDefinitionRecord> Definitions => Context.Set<WorkflowDefinitionRecord>();
    public DbSet<WorkflowInstanceRecord> Instances => Context.Set<WorkflowInstanceRecord>();
    public DbSet<WorkflowBookmarkRecord> Bookmarks => Context.Set<WorkflowBookmarkRecord>();
    public DbSet<WorkflowTimerRecord> Timers => Context.Set<WorkflowTimerRecord>();
    public DbSet<WorkflowJournalRecord> Journal => Context.Set<WorkflowJournalRecord>();
    public DbSet<WorkflowOutboxRecord> Outbox => Context.Set<WorkflowOutboxRecord>();
}
