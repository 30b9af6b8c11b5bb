using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Workflows.Runtime;

/// <summary>
/// Fires due timers. The database holds every timer; any number of hosts may sweep at once, because a
/// host fires a timer only after claiming it with one atomic UPDATE (a lease), and the resume that
/// follows deletes the timer in the same transaction as the instance's next state.
/// </summary>
public sealed class WorkflowTimers(WorkflowDb db, WorkflowRuntime runtime, TimeProvider clock, ILogger<WorkflowTimers> logger)
{
    /// <summary>How long a claim lasts: a host that dies mid-fire leaves the timer to another host after this.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    public static string HostOwner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Fires every due timer not leased by someone else, oldest first; returns how many fired.</summary>
    public async Task<int> FireDueAsync(int batchSize = 200, CancellationToken ct = default)
    {
        var fired = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await db.Timers.AsNoTracking()
                .Where(t => t.DueAt <= now && (t.LeaseExpiresAt == null || t.LeaseExpiresAt < now))
                .OrderBy(t => t.DueAt).Select(t => t.Id).Take(batchSize).ToListAsync(ct);
            foreach (var id in due)
                if (await FireAsync(id, ct)) fired++;
            if (due.Count < batchSize) return fired;
        }
    }

    /// <summary>Claims and fires one timer; false when it is not due, already claimed or already fired.</summary>
    public async Task<bool> FireAsync(string timerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Lease;
        var claimed = await db.Timers
            .Where(t => t.Id == timerId && t.DueAt <= now && (t.LeaseExpiresAt == null || t.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseOwner, HostOwner).SetProperty(t => t.LeaseExpiresAt, until), ct);
        if (claimed == 0) return false;

        var payload = await db.Timers.AsNoTracking().Where(t => t.Id == timerId).Select(t => t.Payload).FirstOrDefaultAsync(ct);
        try
        {
            await runtime.ResumeAsync(timerId, payload is null ? null : System.Text.Json.Nodes.JsonNode.Parse(payload), resumedBy: null, ct);
            return true;
        }
        catch (Exception e) when (e is WorkflowConflictException or WorkflowNotFoundException or ResumeRejectedException)
        {
            // Lost to a concurrent step or already gone: the lease lapses and a later sweep sees the truth.
            logger.LogInformation("Timer {Timer} not fired: {Reason}", timerId, e.Message);
            return false;
        }
    }
}
