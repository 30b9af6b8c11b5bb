using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Expressions;

/// <summary>
/// What an expression can see and change while it runs. Values are JSON (<see cref="JsonNode"/>) so
/// that they persist as they are and never hand a script a live .NET object.
/// </summary>
public sealed class ExpressionScope
{
    /// <summary>The workflow's variables by name; scripts may set them.</summary>
    public Dictionary<string, JsonNode?> Variables { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The names the definition declares, for the generated <c>get&lt;Name&gt;()</c>/<c>set&lt;Name&gt;(v)</c> functions.</summary>
    public IReadOnlyCollection<string> DeclaredVariables { get; init; } = [];

    /// <summary>The workflow's input (read-only for scripts).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Input { get; init; } = new Dictionary<string, JsonNode?>();

    public string? CorrelationId { get; set; }

    /// <summary>The instance's name, set by <c>Elsa.SetName</c>.</summary>
    public string? InstanceName { get; set; }

    public string? InstanceId { get; init; }

    /// <summary>The workflow's named outputs so far, set by <c>Elsa.SetOutput</c>; the instance's output carries them when it finishes.</summary>
    public Dictionary<string, JsonNode?> WorkflowOutputs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Per running loop (its activity id): a ForEach's <c>items</c> and <c>index</c>, and <c>break</c> once an <c>Elsa.Break</c> ended it.</summary>
    public Dictionary<string, JsonObject> Loops { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Variable names by variable id, for outputs bound to a variable (<c>memoryReference.id</c>).</summary>
    public IReadOnlyDictionary<string, string> VariableIds { get; init; } = new Dictionary<string, string>();

    /// <summary>The workflow inputs the definition declares, for the generated <c>get&lt;InputName&gt;()</c> (name verbatim, as Elsa has it).</summary>
    public IReadOnlyList<string> DeclaredInputs { get; init; } = [];

    /// <summary>Activity outputs by activity id, then output name.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, JsonNode?>> Outputs { get; init; } = NoOutputs;

    private static readonly Dictionary<string, Dictionary<string, JsonNode?>> NoOutputs = new();

    /// <summary>Per generated <c>get&lt;Output&gt;From&lt;ActivityName&gt;()</c>: the activity and output it reads.</summary>
    public IReadOnlyList<OutputAccessor> OutputAccessors { get; init; } = [];

    public JsonNode? LastResult { get; set; }
}

/// <summary>A generated output accessor: <c>getResultFromCompute</c> reads output <c>Result</c> of the activity named <c>compute</c>.</summary>
public sealed record OutputAccessor(string Name, string ActivityId, string Output);
