using System.Collections.Concurrent;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Workflows.Runtime;

/// <summary>A definition that failed validation; <see cref="Issues"/> lists every problem.</summary>
public sealed class WorkflowValidationException(IReadOnlyList<ValidationIssue> issues)
    : Exception($"The workflow definition has {issues.Count(i => i.Severity == IssueSeverity.Error)} error(s).")
{
    public IReadOnlyList<ValidationIssue> Issues { get; } = issues;
}

public sealed record DefinitionVersion(string DefinitionId, int Version, bool IsPublished, IReadOnlyList<ValidationIssue> Warnings);

/// <summary>Compiled definition versions by row id. A version never changes once saved, so entries never go stale.</summary>
public sealed class CompiledWorkflowCache
{
    private readonly ConcurrentDictionary<string, CompiledWorkflow> _byVersionId = new();

    public bool TryGet(string versionId, out CompiledWorkflow workflow) => _byVersionId.TryGetValue(versionId, out workflow!);

    public CompiledWorkflow Add(string versionId, CompiledWorkflow workflow) => _byVersionId.GetOrAdd(versionId, workflow);
}

/// <summary>Which row a version is, without its JSON: what a start needs when the version is already compiled.</summary>
public sealed record VersionKey(string Id, string DefinitionId, int Version);

/// <summary>Saving (a new draft version each time), publishing and loading definitions.</summary>
public sealed class WorkflowDefinitions(WorkflowDb db, ActivityRegistry registry, ExpressionEngine expressions, CompiledWorkflowCache cache, TimeProvider clock,
    WorkflowEngineOptions? options = null)
    : IChildWorkflows
{
    // Only a publish with a Cron trigger needs it; a definitions service is made per scope, so it is not looked up eagerly.
    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById((options ?? new WorkflowEngineOptions()).TimeZone);

    /// <summary>Validates and stores the document as the next draft version of its definition (a new definition without an id).</summary>
    public async Task<DefinitionVersion> SaveDraftAsync(WorkflowDocument document, CancellationToken ct = default)
    {
        var issues = new WorkflowValidator(await RegistryForAsync(document, ct), expressions).Validate(document);
        if (issues.Any(i => i.Severity == IssueSeverity.Error)) throw new WorkflowValidationException(issues);

        var definitionId = string.IsNullOrWhiteSpace(document.DefinitionId) ? Guid.NewGuid().ToString("N") : document.DefinitionId;
        var latest = await db.Definitions.Where(d => d.DefinitionId == definitionId).MaxAsync(d => (int?)d.Version, ct) ?? 0;
        var record = new WorkflowDefinitionRecord
        {
            Id = Guid.NewGuid().ToString("N"), DefinitionId = definitionId, Version = latest + 1, Name = document.Name,
            Json = WorkflowJson.Write(document, definitionId, latest + 1, isPublished: false).ToJsonString(), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Definitions.Add(record);
        await db.Context.SaveChangesAsync(ct);
        return new DefinitionVersion(definitionId, record.Version, false, issues);
    }

    /// <summary>Makes a version (default: the newest) the one new instances use; running instances keep theirs.</summary>
    public async Task<DefinitionVersion?> PublishAsync(string definitionId, int? version = null, CancellationToken ct = default)
    {
        var target = await FindAsync(definitionId, version, publishedOnly: false, ct);
        if (target is null) return null;
        var current = await db.Definitions.Where(d => d.DefinitionId == definitionId && d.IsPublished && d.Id != target.Id).ToListAsync(ct);
        foreach (var old in current) { old.IsPublished = false; old.Json = Rewrite(old, false); }
        target.IsPublished = true;
        target.PublishedAt = clock.GetUtcNow().UtcDateTime;
        target.Json = Rewrite(target, true);
        await ScheduleTriggersAsync(new VersionKey(target.Id, target.DefinitionId, target.Version), current.Select(c => c.Id), ct);
        await db.Context.SaveChangesAsync(ct);
        return new DefinitionVersion(definitionId, target.Version, true, []);
    }

    /// <summary>A version by number, else the published one (or, with <paramref name="publishedOnly"/> false, the newest).</summary>
    public Task<WorkflowDefinitionRecord?> FindAsync(string definitionId, int? version, bool publishedOnly, CancellationToken ct = default)
    {
        var query = db.Definitions.Where(d => d.DefinitionId == definitionId);
        if (version is { } v) return query.FirstOrDefaultAsync(d => d.Version == v, ct);
        if (publishedOnly) return query.FirstOrDefaultAsync(d => d.IsPublished, ct);
        return query.OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
    }

    /// <summary>The version new instances would run (or <paramref name="version"/>), without reading its JSON.</summary>
    public Task<VersionKey?> FindKeyAsync(string definitionId, int? version, CancellationToken ct = default)
    {
        var query = db.Definitions.AsNoTracking().Where(d => d.DefinitionId == definitionId);
        query = version is { } v ? query.Where(d => d.Version == v) : query.Where(d => d.IsPublished);
        return query.Select(d => new VersionKey(d.Id, d.DefinitionId, d.Version)).FirstOrDefaultAsync(ct);
    }

    /// <summary>The compiled version; its JSON is read and compiled only the first time (per process).</summary>
    public async Task<CompiledWorkflow> CompiledAsync(string versionId, CancellationToken ct = default)
    {
        if (cache.TryGet(versionId, out var compiled)) return compiled;
        var json = await db.Definitions.AsNoTracking().Where(d => d.Id == versionId).Select(d => d.Json).FirstAsync(ct);
        var document = WorkflowJson.Parse(json);
        return cache.Add(versionId, new CompiledWorkflow(document, await RegistryForAsync(document, ct)));
    }

    public Task<VersionKey?> FindPublishedAsync(string definitionId, CancellationToken ct = default) => FindKeyAsync(definitionId, null, ct);

    /// <summary>The published definitions other workflows may use as activities (<c>options.usableAsActivity</c>), for the registry.</summary>
    public async Task<IReadOnlyList<ActivityDescriptor>> WorkflowActivitiesAsync(CancellationToken ct = default) =>
        [.. (await UsableAsActivityAsync(ct)).Select(u => WorkflowActivities.Describe(u.Document, u.DefinitionId))];

    private async Task<List<(string DefinitionId, WorkflowDocument Document)>> UsableAsActivityAsync(CancellationToken ct)
    {
        // The text filter keeps the definitions that cannot be usable out of the parse; the flag itself is read from the JSON.
        var rows = await db.Definitions.AsNoTracking().Where(d => d.IsPublished && d.Json.Contains("usableAsActivity"))
            .Select(d => new { d.DefinitionId, d.Json }).ToListAsync(ct);
        return [.. rows.Select(r => (r.DefinitionId, Document: WorkflowJson.Parse(r.Json))).Where(r => WorkflowActivities.IsUsableAsActivity(r.Document))];
    }

    /// <summary>
    /// The registry a document is checked and compiled with: the built-in activities, and for each type it uses that is none of
    /// them, the published workflow it names: the node's <c>workflowDefinitionId</c>, as Elsa Studio writes it (then the definition
    /// need not be marked usable as an activity: Elsa's own fixtures rely on that), else a usable definition whose type it is.
    /// A document never finds itself, so a workflow cannot use itself as an activity.
    /// </summary>
    private async Task<ActivityRegistry> RegistryForAsync(WorkflowDocument document, CancellationToken ct)
    {
        var unknown = document.Root.Activities.Where(a => registry.Find(a.Type) is null).DistinctBy(a => a.Type).ToList();
        if (unknown.Count == 0) return registry;
        var usable = (await UsableAsActivityAsync(ct)).Where(u => u.DefinitionId != document.DefinitionId).ToList();
        var ids = unknown.Select(n => Activities.Values.ToText(n.Input("workflowDefinitionId")?.Raw)).OfType<string>().Where(id => id != document.DefinitionId).ToList();
        var referenced = ids.Count == 0 ? [] : (await db.Definitions.AsNoTracking().Where(d => d.IsPublished && ids.Contains(d.DefinitionId))
            .Select(d => new { d.DefinitionId, d.Json }).ToListAsync(ct)).Select(r => (r.DefinitionId, Document: WorkflowJson.Parse(r.Json))).ToList();
        var extra = new List<ActivityDescriptor>();
        foreach (var node in unknown)
        {
            var named = Activities.Values.ToText(node.Input("workflowDefinitionId")?.Raw);
            var match = referenced.FirstOrDefault(u => u.DefinitionId == named) is { Document: not null } byId ? byId
                : usable.FirstOrDefault(u => WorkflowActivities.TypeOf(u.Document, u.DefinitionId) == node.Type);
            if (match.Document is not null) extra.Add(WorkflowActivities.Describe(match.Document, match.DefinitionId, node.Type));
        }
        return extra.Count == 0 ? registry : registry.With(extra);
    }

    /// <summary>
    /// Timer and Cron triggers of the version now published get the timer row of their next occurrence; the rows of the versions
    /// it replaces go, in the same transaction as the publish. Each fired occurrence schedules the one after it (<see cref="WorkflowTimers"/>).
    /// </summary>
    private async Task ScheduleTriggersAsync(VersionKey published, IEnumerable<string> replaced, CancellationToken ct)
    {
        var owners = replaced.Append(published.Id).Select(id => StartTriggers.RowPrefix + id).ToList();
        db.Timers.RemoveRange(await db.Timers.Where(t => owners.Contains(t.InstanceId)).ToListAsync(ct));
        var now = clock.GetUtcNow();
        foreach (var trigger in StartTriggers.Of(await CompiledAsync(published.Id, ct)).Where(t => t.Type is StartTriggers.TimerType or StartTriggers.CronType))
            if (StartTriggers.NextOccurrence(trigger, now, Zone) is { } due)
                db.Timers.Add(StartTriggers.Row(published, trigger.Id, due));
    }

    private static string Rewrite(WorkflowDefinitionRecord record, bool published) =>
        WorkflowJson.Write(WorkflowJson.Parse(record.Json), record.DefinitionId, record.Version, published).ToJsonString();
}
