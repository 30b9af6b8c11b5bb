using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CaseHub.Workflows.Activities;

namespace CaseHub.Workflows.Runtime;

public enum WorkflowStatus { Running, Suspended, Finished, Faulted, Cancelled }

/// <summary>Everything a workflow instance remembers between steps; stored as one JSON column.</summary>
public sealed class InstanceState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public Dictionary<string, JsonNode?> Variables { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonNode?> Input { get; set; } = new(StringComparer.Ordinal);
    public string? CorrelationId { get; set; }
    /// <summary>Set by <c>Elsa.SetName</c>.</summary>
    public string? Name { get; set; }
    /// <summary>The open bookmarks: where the flow waits.</summary>
    public List<BookmarkSpec> Bookmarks { get; set; } = [];
    /// <summary>Per waiting join, the indexes of the inbound connections that have arrived.</summary>
    public Dictionary<string, List<int>> JoinArrivals { get; set; } = new(StringComparer.Ordinal);
    public List<string> Lines { get; set; } = [];
    public JsonNode? Output { get; set; }
    /// <summary>The workflow outputs <c>Elsa.SetOutput</c> has assigned, by name; merged into <see cref="Output"/> when the instance finishes.</summary>
    public Dictionary<string, JsonNode?> WorkflowOutputs { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Per loop that is running (ForEach: its list and position), so a body that blocks resumes where it was.</summary>
    public Dictionary<string, JsonObject> Loops { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Activity outputs by activity id, then output name (Elsa's <c>getOutputFrom</c>).</summary>
    public Dictionary<string, Dictionary<string, JsonNode?>> Outputs { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The <c>Result</c> of the last activity that produced one (Elsa's <c>getLastResult()</c>).</summary>
    public JsonNode? LastResult { get; set; }
    /// <summary>Child workflows that are waiting inside one of this workflow's activities, by that activity's id.</summary>
    public Dictionary<string, ChildRun> Children { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Set while the instance is faulted: where a retry starts.</summary>
    public FaultPoint? Fault { get; set; }

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static InstanceState Deserialize(string json) => JsonSerializer.Deserialize<InstanceState>(json, Json) ?? new InstanceState();
}

/// <summary>
/// A child workflow running inside an activity of its parent (a workflow used as an activity, or <c>Elsa.ExecuteWorkflow</c>
/// waiting for completion): the exact version it runs and its own state. Its bookmarks are also the parent's, under the
/// activity's id, so resuming one resumes the parent, which resumes the child.
/// </summary>
public sealed class ChildRun
{
    public required string DefinitionId { get; init; }
    public required string VersionId { get; init; }
    public int Version { get; init; }
    /// <summary>Set for one item's run of an <c>Elsa.ParallelForEach</c> body: the loop's activity id (the body is compiled from the parent's version).</summary>
    public string? Part { get; init; }
    public required InstanceState State { get; init; }
}
