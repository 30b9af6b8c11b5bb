using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Workflows.Runtime;

/// <summary>Another step of the same instance committed first; this one changed nothing.</summary>
public sealed class WorkflowConflictException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class WorkflowNotFoundException(string message) : Exception(message);

/// <summary>What a caller learns about an instance after a step.</summary>
public sealed record InstanceSnapshot(string Id, string DefinitionId, int Version, WorkflowStatus Status, string? CorrelationId,
    JsonNode? Output, IReadOnlyList<string> Lines, IReadOnlyList<BookmarkSpec> Bookmarks, WorkflowIncident? Incident, IReadOnlyDictionary<string, JsonNode?> Variables)
{
    /// <summary>What <c>Elsa.WriteHttpResponse</c> wrote in the step that produced this snapshot, if anything.</summary>
    public JsonObject? HttpResponse { get; init; }
}

/// <summary>Told when a step committed timers or outbox messages, so the host can schedule their delivery (Hangfire).</summary>
public interface IWorkflowScheduler
{
    void TimersCreated(IReadOnlyList<(string TimerId, DateTimeOffset DueAt)> timers);
    void OutboxWritten();
}

internal sealed class NoScheduler : IWorkflowScheduler
{
    public void TimersCreated(IReadOnlyList<(string TimerId, DateTimeOffset DueAt)> timers) { }
    public void OutboxWritten() { }
}

/// <summary>
/// Starts and resumes instances. Each step commits the instance's state, its bookmarks, timers, journal
/// rows and outbox messages in one SaveChanges (one transaction); the instance's revision makes two
/// racing steps end with exactly one winner.
/// </summary>
public sealed class WorkflowRuntime(WorkflowDb db, WorkflowDefinitions definitions, FlowchartRunner runner, TimeProvider clock,
    IWorkflowScheduler scheduler, IEnumerable<IWorkflowStepObserver> observers, ILogger<WorkflowRuntime> logger,
    IEnumerable<IWorkflowIncidentSink> incidentSinks)
{
    /// <summary>
    /// Starts the published version (or <paramref name="version"/>, e.g. to test-run a draft) and runs it until it blocks or ends.
    /// A caller that stores a reference to the instance in the same transaction chooses its <paramref name="instanceId"/>.
    /// </summary>
    public async Task<InstanceSnapshot> StartAsync(string definitionId, int? version = null, IReadOnlyDictionary<string, JsonNode?>? input = null,
        string? correlationId = null, CancellationToken ct = default, string? instanceId = null)
    {
        var record = await definitions.FindKeyAsync(definitionId, version, ct)
            ?? throw new WorkflowNotFoundException(version is null
                ? $"Workflow '{definitionId}' has no published version."
                : $"Workflow '{definitionId}' has no version {version}.");
        return await StartVersionAsync(record, input, correlationId, instanceId, trigger: null, ct);
    }

    /// <summary>
    /// Starts an instance of <paramref name="version"/> at its trigger <paramref name="activityId"/> (see <see cref="StartTriggers"/>),
    /// with the stimulus as the trigger's resume payload. Changes already tracked on the context (a trigger's timer rows) commit with it.
    /// </summary>
    public Task<InstanceSnapshot> StartFromTriggerAsync(VersionKey version, string activityId, JsonNode? stimulus, string? correlationId, CancellationToken ct = default) =>
        StartVersionAsync(version, null, correlationId, null, (activityId, stimulus), ct);

    private async Task<InstanceSnapshot> StartVersionAsync(VersionKey record, IReadOnlyDictionary<string, JsonNode?>? input, string? correlationId,
        string? instanceId, (string ActivityId, JsonNode? Stimulus)? trigger, CancellationToken ct)
    {
        var workflow = await definitions.CompiledAsync(record.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var state = new InstanceState
        {
            Variables = workflow.InitialVariables(),
            Input = input is null ? new(StringComparer.Ordinal) : new(input, StringComparer.Ordinal),
            CorrelationId = correlationId,
        };
        var instance = new WorkflowInstanceRecord
        {
            Id = instanceId ?? Guid.NewGuid().ToString("N"), DefinitionId = record.DefinitionId, Version = record.Version, DefinitionVersionId = record.Id,
            Status = WorkflowStatus.Running, CorrelationId = correlationId, State = "{}", CreatedAt = now, UpdatedAt = now,
        };
        db.Instances.Add(instance);
        var step = trigger is { } t
            ? await runner.StartAtTriggerAsync(workflow, state, Info(instance), t.ActivityId, t.Stimulus, ct)
            : await runner.StartAsync(workflow, state, Info(instance), ct);
        return await CommitAsync(instance, state, step, ct);
    }

    /// <summary>Resumes one bookmark with the resumer's payload. Throws <see cref="WorkflowConflictException"/> when another step won.</summary>
    public async Task<InstanceSnapshot> ResumeAsync(string bookmarkId, JsonNode? payload, string? resumedBy, CancellationToken ct = default)
    {
        // One query finds the bookmark's instance; the definition version comes from the compiled cache.
        var instance = await db.Instances.Where(i => db.Bookmarks.Any(b => b.Id == bookmarkId && b.InstanceId == i.Id)).FirstOrDefaultAsync(ct)
            ?? throw new WorkflowNotFoundException($"No open bookmark {bookmarkId}; it may have been resumed already.");
        var state = InstanceState.Deserialize(instance.State);
        var workflow = await definitions.CompiledAsync(instance.DefinitionVersionId, ct);
        var resumed = state.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId);
        var step = await runner.ResumeAsync(workflow, state, Info(instance), bookmarkId, payload, resumedBy, ct);
        return await CommitAsync(instance, state, step, ct, resumed is null ? null : new BookmarkResume(resumed, payload, resumedBy));
    }

    /// <summary>
    /// Resumes every instance waiting in <c>Elsa.Event</c> for <paramref name="name"/> (and the correlation id, when given);
    /// <paramref name="withinInstances"/> narrows it to the instances a caller may reach (a channel: those its orders started).
    /// </summary>
    public async Task<int> RaiseEventAsync(string name, string? correlationId, JsonNode? payload, CancellationToken ct = default,
        IQueryable<string>? withinInstances = null)
    {
        var query = db.Bookmarks.AsNoTracking().Where(b => b.Kind == BookmarkKinds.Event && b.Name == name);
        if (correlationId is not null) query = query.Where(b => b.CorrelationId == correlationId);
        if (withinInstances is not null) query = query.Where(b => withinInstances.Contains(b.InstanceId));
        var ids = await query.OrderBy(b => b.CreatedAt).Select(b => b.Id).ToListAsync(ct);
        var resumed = 0;
        foreach (var id in ids)
        {
            try
            {
                await ResumeAsync(id, payload?.DeepClone(), resumedBy: null, ct);
                resumed++;
            }
            catch (Exception e) when (e is WorkflowConflictException or WorkflowNotFoundException)
            {
                logger.LogDebug("Event {Event} skipped bookmark {Bookmark}: {Reason}", name, id, e.Message);
            }
        }
        // A caller narrowed to some instances (a channel) moves those only; it never starts workflows.
        return withinInstances is null ? resumed + await StartEventTriggersAsync(name, correlationId, payload, ct) : resumed;
    }

    /// <summary>Starts one instance of every published version with an <c>Elsa.Event</c> trigger for <paramref name="name"/>.</summary>
    private async Task<int> StartEventTriggersAsync(string name, string? correlationId, JsonNode? payload, CancellationToken ct)
    {
        // The text filter keeps definitions that cannot have such a trigger out of the compile; the trigger itself is read from the graph.
        var versions = await db.Definitions.AsNoTracking().Where(d => d.IsPublished && d.Json.Contains("canStartWorkflow") && d.Json.Contains(name))
            .Select(d => new VersionKey(d.Id, d.DefinitionId, d.Version)).ToListAsync(ct);
        var started = 0;
        foreach (var version in versions)
            foreach (var trigger in StartTriggers.Of(await definitions.CompiledAsync(version.Id, ct)))
            {
                if (trigger.Type != StartTriggers.EventType || StartTriggers.Literal(trigger, "eventName") != name) continue;
                await StartFromTriggerAsync(version, trigger.Id, payload?.DeepClone(), correlationId, ct);
                started++;
            }
        return started;
    }

    /// <summary>Cancels a running, suspended or faulted instance; its bookmarks and timers close in the same transaction.</summary>
    public async Task<InstanceSnapshot> CancelAsync(string instanceId, CancellationToken ct = default)
    {
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, ct)
            ?? throw new WorkflowNotFoundException($"Instance {instanceId} does not exist.");
        if (instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
            throw new WorkflowConflictException($"Instance {instanceId} is already {instance.Status}.");
        var state = InstanceState.Deserialize(instance.State);
        var step = runner.Cancel(await definitions.CompiledAsync(instance.DefinitionVersionId, ct), state, Info(instance));
        return await CommitAsync(instance, state, step, ct);
    }

    /// <summary>
    /// Runs a faulted instance again from the activity that faulted. When a newer version has been published since
    /// and still has every activity the retry would run or wait in (the faulted one above all), the instance moves to
    /// it, so publishing a fix and retrying mends the instance; otherwise it stays on its version.
    /// </summary>
    public async Task<InstanceSnapshot> RetryAsync(string instanceId, string retriedBy, CancellationToken ct = default)
    {
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, ct)
            ?? throw new WorkflowNotFoundException($"Instance {instanceId} does not exist.");
        if (instance.Status != WorkflowStatus.Faulted)
            throw new WorkflowConflictException($"Instance {instanceId} is {instance.Status}; only a faulted instance can be retried.");
        var state = InstanceState.Deserialize(instance.State);
        var fault = state.Fault
            ?? throw new WorkflowConflictException($"Instance {instanceId} faulted before retries kept where it stopped; cancel it and start it again.");
        var incident = WorkflowIncident.Parse(instance.Incident)!;

        var workflow = await definitions.CompiledAsync(instance.DefinitionVersionId, ct);
        var published = await definitions.FindKeyAsync(instance.DefinitionId, null, ct);
        if (published is not null && published.Version > instance.Version)
        {
            var newer = await definitions.CompiledAsync(published.Id, ct);
            if (fault.ActivityIds.All(newer.Nodes.ContainsKey))
            {
                logger.LogInformation("Workflow instance {Instance} moves from {Definition} v{From} to v{To} for its retry",
                    instance.Id, instance.DefinitionId, instance.Version, published.Version);
                instance.DefinitionVersionId = published.Id;
                instance.Version = published.Version;
                workflow = newer;
                // Variables the fix declares start with their initial values; the ones the instance has keep theirs.
                foreach (var (name, value) in newer.InitialVariables()) state.Variables.TryAdd(name, value);
            }
        }
        instance.Incident = null;
        foreach (var sink in incidentSinks)
            await sink.RetriedAsync(new IncidentContext(Info(instance), state.CorrelationId, state.Input, incident), retriedBy, ct);
        var step = await runner.RetryAsync(workflow, state, Info(instance), ct);
        return await CommitAsync(instance, state, step, ct);
    }

    public async Task<InstanceSnapshot?> FindAsync(string instanceId, CancellationToken ct = default)
    {
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        return instance is null ? null : Snapshot(instance, InstanceState.Deserialize(instance.State));
    }

    private async Task<InstanceSnapshot> CommitAsync(WorkflowInstanceRecord instance, InstanceState state, StepResult step, CancellationToken ct,
        BookmarkResume? resumed = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        instance.Status = step.Status;
        instance.Incident = step.Incident?.ToJson() ?? instance.Incident;
        instance.CorrelationId = state.CorrelationId;
        instance.State = state.Serialize();
        instance.UpdatedAt = now;
        instance.Revision++;

        var timers = new List<(string, DateTimeOffset)>();
        foreach (var b in step.AddedBookmarks)
        {
            db.Bookmarks.Add(new WorkflowBookmarkRecord
            {
                Id = b.Id, InstanceId = instance.Id, ActivityId = b.ActivityId, Kind = b.Kind, Name = b.Name, CorrelationId = b.CorrelationId,
                Payload = b.Payload?.ToJsonString(), DueAt = b.DueAt?.UtcDateTime, CreatedAt = now,
            });
            if (b.DueAt is { } due)
            {
                db.Timers.Add(new WorkflowTimerRecord { Id = b.Id, InstanceId = instance.Id, DueAt = due.UtcDateTime, Payload = b.TimeoutPayload?.ToJsonString() });
                timers.Add((b.Id, due));
            }
        }
        // Bookmarks added and closed within this step never reached the database.
        var added = step.AddedBookmarks.Select(b => b.Id).ToHashSet();
        foreach (var b in step.RemovedBookmarks.Where(b => !added.Contains(b.Id)))
        {
            db.Bookmarks.Remove(Stub(b));
            if (b.DueAt is not null) db.Timers.Remove(new WorkflowTimerRecord { Id = b.Id, InstanceId = instance.Id });
        }
        foreach (var b in step.RemovedBookmarks.Where(b => added.Contains(b.Id)))
        {
            DetachAdded(db.Context.ChangeTracker.Entries<WorkflowBookmarkRecord>(), b.Id);
            DetachAdded(db.Context.ChangeTracker.Entries<WorkflowTimerRecord>(), b.Id);
        }
        foreach (var j in step.Journal)
            db.Journal.Add(new WorkflowJournalRecord
            {
                InstanceId = instance.Id, ActivityId = j.ActivityId, ActivityType = j.ActivityType, Outcome = j.Outcome,
                StartedAt = j.StartedAt.UtcDateTime, CompletedAt = j.CompletedAt.UtcDateTime, Error = j.Error,
            });
        foreach (var m in step.Messages)
            db.Outbox.Add(new WorkflowOutboxRecord { InstanceId = instance.Id, Topic = m.Topic, Payload = m.Payload?.ToJsonString(), CreatedAt = now });
        if (step is { Status: WorkflowStatus.Faulted, Incident: { } incident })
            foreach (var sink in incidentSinks)
                await sink.FaultedAsync(new IncidentContext(Info(instance), state.CorrelationId, state.Input, incident), ct);

        try
        {
            var commit = new WorkflowStepCommit(instance.Id, instance.DefinitionId, state.Input, step.Status, step.AddedBookmarks, resumed);
            foreach (var observer in observers) await observer.BeforeCommitAsync(commit, ct);
            await db.Context.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            db.Context.ChangeTracker.Clear();
            throw new WorkflowConflictException($"Instance {instance.Id} was changed by another step; nothing was applied.", e);
        }
        catch
        {
            // Nothing of the step was written: forget it so the scope's context is clean for the caller.
            db.Context.ChangeTracker.Clear();
            throw;
        }
        if (step is { Status: WorkflowStatus.Faulted, Incident: { } fault })
            logger.LogError(step.Exception, "Workflow instance {Instance} ({Definition} v{Version}) faulted in {Activity} ({ActivityType}): {ExceptionType} {Message}",
                instance.Id, instance.DefinitionId, instance.Version, fault.ActivityId, fault.ActivityType, fault.ExceptionType, fault.Message);
        if (timers.Count > 0) scheduler.TimersCreated(timers);
        if (step.Messages.Count > 0) scheduler.OutboxWritten();
        return Snapshot(instance, state) with { HttpResponse = step.HttpResponse };
    }

    private static void DetachAdded<T>(IEnumerable<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<T>> entries, string id) where T : class
    {
        foreach (var entry in entries.Where(e => e.State == EntityState.Added && Equals(e.Property("Id").CurrentValue, id)).ToList())
            entry.State = EntityState.Detached;
    }

    private WorkflowBookmarkRecord Stub(BookmarkSpec b) =>
        db.Context.ChangeTracker.Entries<WorkflowBookmarkRecord>().FirstOrDefault(e => e.Entity.Id == b.Id)?.Entity
        ?? new WorkflowBookmarkRecord { Id = b.Id, InstanceId = "", ActivityId = b.ActivityId, Kind = b.Kind };

    private static WorkflowRunInfo Info(WorkflowInstanceRecord instance) => new(instance.Id, instance.DefinitionId, instance.Version);

    private static InstanceSnapshot Snapshot(WorkflowInstanceRecord i, InstanceState state) =>
        new(i.Id, i.DefinitionId, i.Version, i.Status, i.CorrelationId, state.Output, state.Lines, state.Bookmarks, WorkflowIncident.Parse(i.Incident), state.Variables);
}
