using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>The runner with the real activities and expressions, no database: one instance's state in memory.</summary>
internal sealed class InMemoryEngine
{
    public static readonly ActivityRegistry Registry = new(BuiltInActivities.All(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
    // A generous clock: these tests are about flow, and a loaded CI machine must not turn them into timeout tests.
    private static readonly ExpressionEngine Expressions = ExpressionEngine.CreateDefault(new JavaScriptLimits { Timeout = TimeSpan.FromSeconds(10) });

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)));
    public WorkflowEngineOptions Options { get; } = new();
    public InstanceState State { get; private set; } = new();
    public CompiledWorkflow Workflow { get; }

    private FlowchartRunner Runner => new(Expressions, Clock, EmptyServices.Instance, Options, childWorkflows: _children);
    private readonly WorkflowRunInfo _run = new("instance-1", "test", 1);
    private readonly InMemoryDefinitions? _children;

    /// <param name="children">The published definitions the workflow may use as activities or run with Elsa.ExecuteWorkflow.</param>
    /// <param name="registry">Activities other than the built-in defaults (e.g. HTTP requests with a fake handler).</param>
    public InMemoryEngine(WorkflowDocument document, InMemoryDefinitions? children = null, ActivityRegistry? registry = null)
    {
        _children = children;
        Workflow = new CompiledWorkflow(document, registry ?? children?.Registry ?? Registry);
        foreach (var (name, value) in Workflow.InitialVariables()) State.Variables[name] = value;
    }

    public static InMemoryEngine FromJson(string json, InMemoryDefinitions? children = null) => new(WorkflowJson.Parse(json), children);

    public Task<StepResult> StartAsync() => Runner.StartAsync(Workflow, State, _run);

    public Task<StepResult> StartAtTriggerAsync(string triggerActivityId, JsonNode? stimulus) => Runner.StartAtTriggerAsync(Workflow, State, _run, triggerActivityId, stimulus);

    public Task<StepResult> ResumeAsync(BookmarkSpec bookmark, JsonNode? payload = null, string? by = "tester") =>
        Runner.ResumeAsync(Workflow, State, _run, bookmark.Id, payload, by);

    public Task<StepResult> RetryAsync() => Runner.RetryAsync(Workflow, State, _run);

    /// <summary>What the host does between steps: the state goes to its JSON column and is read back.</summary>
    public void Reload() => State = InstanceState.Deserialize(State.Serialize());

    public BookmarkSpec Bookmark(string activityId) => State.Bookmarks.Single(b => b.ActivityId == activityId);

    public IEnumerable<string> Executed(StepResult step) => step.Journal.Select(j => j.ActivityId);

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();
        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>Published definitions without a database: what WorkflowDefinitions serves a running engine, for child workflows.</summary>
internal sealed class InMemoryDefinitions : IChildWorkflows
{
    private readonly Dictionary<string, VersionKey> _published = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkflowDocument> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledWorkflow> _compiled = new(StringComparer.Ordinal);

    /// <summary>Publishes the next version of the document's definition.</summary>
    public InMemoryDefinitions Publish(string json)
    {
        var document = WorkflowJson.Parse(json);
        var id = document.DefinitionId!;
        var version = _published.TryGetValue(id, out var previous) ? previous.Version + 1 : 1;
        var key = new VersionKey($"{id}@{version}", id, version);
        _published[id] = key;
        _versions[key.Id] = document;
        return this;
    }

    public ActivityRegistry Registry => InMemoryEngine.Registry.With(_published.Values.Select(k => (k, Document: _versions[k.Id]))
        .Where(p => WorkflowActivities.IsUsableAsActivity(p.Document)).Select(p => WorkflowActivities.Describe(p.Document, p.k.DefinitionId)));

    public Task<VersionKey?> FindPublishedAsync(string definitionId, CancellationToken ct = default) => Task.FromResult(_published.GetValueOrDefault(definitionId));

    public Task<CompiledWorkflow> CompiledAsync(string versionId, CancellationToken ct = default)
    {
        if (!_compiled.TryGetValue(versionId, out var compiled)) _compiled[versionId] = compiled = new CompiledWorkflow(_versions[versionId], Registry);
        return Task.FromResult(compiled);
    }
}

internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

/// <summary>Builds small Elsa 3 documents for tests, in the shape Elsa Studio writes.</summary>
internal static class Flow
{
    public static JsonObject Activity(string id, string type, params (string Name, string Syntax, string Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id, ["type"] = type, ["version"] = 1, ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 100, ["y"] = 100 } } },
        };
        foreach (var (name, syntax, value) in inputs)
            activity[name] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = syntax, ["value"] = value } };
        return activity;
    }

    public static JsonObject Connect(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    public static string Document(IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections, params (string Name, string Type, string Value)[] variables) =>
        new JsonObject
        {
            ["definitionId"] = "test", ["version"] = 1, ["name"] = "test",
            ["variables"] = new JsonArray([.. variables.Select(v => (JsonNode)new JsonObject { ["name"] = v.Name, ["typeName"] = v.Type, ["value"] = v.Value })]),
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart", ["id"] = "Flowchart1",
                ["activities"] = new JsonArray([.. activities]),
                ["connections"] = new JsonArray([.. connections]),
            },
        }.ToJsonString();
}
