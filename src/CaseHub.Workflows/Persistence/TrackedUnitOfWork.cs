using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CaseHub.Workflows.Persistence;

/// <summary>
/// The step's DbContext as the runner's unit of work. A step saves once, at its end (one transaction per step),
/// so while its activities run their changes exist only in the change tracker: a mark is what the tracker holds
/// unsaved, and rolling back puts every entry back the way the mark found it. (A savepoint would need a save
/// per activity.) Changes an activity sends straight to the database (ExecuteUpdate, raw SQL) bypass the
/// tracker and are not undone; activities write through the context for that reason.
/// </summary>
internal sealed class TrackedUnitOfWork(WorkflowDb db) : IActivityUnitOfWork
{
    private sealed record Unsaved(EntityState State, PropertyValues Values, HashSet<string> Modified);

    public object Mark()
    {
        // Unchanged entries need nothing: what they held is still their original values.
        var unsaved = new Dictionary<object, Unsaved>(ReferenceEqualityComparer.Instance);
        foreach (var entry in db.Context.ChangeTracker.Entries())
            if (entry.State != EntityState.Unchanged)
                unsaved[entry.Entity] = new(entry.State, entry.CurrentValues.Clone(),
                    entry.State == EntityState.Modified ? [.. entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name)] : []);
        return unsaved;
    }

    public void RollBack(object mark)
    {
        var unsaved = (Dictionary<object, Unsaved>)mark;
        foreach (var entry in db.Context.ChangeTracker.Entries().ToList())
        {
            if (unsaved.ContainsKey(entry.Entity)) continue;
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.State = EntityState.Detached;
                    break;
                case EntityState.Modified or EntityState.Deleted:
                    entry.CurrentValues.SetValues(entry.OriginalValues);
                    entry.State = EntityState.Unchanged;
                    break;
            }
        }
        foreach (var (entity, before) in unsaved)
        {
            var entry = db.Context.Entry(entity);
            if (entry.State != before.State) entry.State = before.State;
            foreach (var property in entry.Properties)
            {
                // Keys never change; writing one back would also turn a temporary (database-generated) key into a real one.
                if (property.Metadata.IsKey()) continue;
                var value = before.Values[property.Metadata];
                if (!Equals(property.CurrentValue, value)) property.CurrentValue = value;
                if (before.State == EntityState.Modified) property.IsModified = before.Modified.Contains(property.Metadata.Name);
            }
        }
    }
}
