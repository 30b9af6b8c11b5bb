using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Workflows.Runtime;

/// <summary>
/// Fires due timers. The database holds every timer; any number of hosts may sweep at once, because a
/// host fires a timer only after claiming it with one atomic UPDATE (a lease), and the resume that
/// follows deletes the timer in the same transaction as the instance's next state.
/// </summary>
public sealed class WorkflowTimers(WorkflowDb db, WorkflowRuntime runtime, TimeProvider clock, ILogger<WorkflowTimers> logger,
    WorkflowDefinitions definitions, WorkflowEngineOptions options)
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

        var row = await db.Timers.AsNoTracking().Where(t => t.Id == timerId).Select(t => new { t.InstanceId, t.Payload }).FirstOrDefaultAsync(ct);
        if (row is null) return false;
        if (row.InstanceId.StartsWith(StartTriggers.RowPrefix, StringComparison.Ordinal)) return await FireTriggerAsync(timerId, row.Payload, ct);
        var payload = row.Payload;
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

    /// <summary>
    /// A Timer or Cron trigger's occurrence: starts an instance of the version at the trigger and, in the same transaction, deletes
    /// this occurrence's row and inserts the next one's. The next row's id is fixed by its occurrence, so a second host firing the
    /// same occurrence (its lease lapsed) fails on that insert or on the delete and starts nothing.
    /// </summary>
    private async Task<bool> FireTriggerAsync(string timerId, string? payload, CancellationToken ct)
    {
        var trigger = payload is null ? null : System.Text.Json.Nodes.JsonNode.Parse(payload)?["trigger"];
        var version = new VersionKey(trigger?["versionId"]?.GetValue<string>() ?? "", trigger?["definitionId"]?.GetValue<string>() ?? "", trigger?["version"]?.GetValue<int>() ?? 0);
        var activityId = trigger?["activityId"]?.GetValue<string>() ?? "";
        db.Timers.Remove(new WorkflowTimerRecord { Id = timerId, InstanceId = StartTriggers.RowPrefix + version.Id });
        var published = await definitions.FindKeyAsync(version.DefinitionId, null, ct);
        CompiledWorkflow? workflow = published?.Id == version.Id ? await definitions.CompiledAsync(version.Id, ct) : null;
        if (workflow is null || !workflow.Nodes.TryGetValue(activityId, out var node))
        {
            // The version is no longer the published one: its trigger ends with it.
            await db.Context.SaveChangesAsync(ct);
            return false;
        }
        if (StartTriggers.NextOccurrence(node, clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone)) is { } next) db.Timers.Add(StartTriggers.Row(version, activityId, next));
        try
        {
            await runtime.StartFromTriggerAsync(version, activityId, stimulus: null, correlationId: null, ct);
            return true;
        }
        catch (Exception e) when (e is WorkflowConflictException or DbUpdateException)
        {
            db.Context.ChangeTracker.Clear();
            logger.LogInformation("Trigger {Timer} of {Definition} v{Version} not fired: another host fired it ({Reason})", timerId, version.DefinitionId, version.Version, e.Message);
            return false;
        }
    }
}
