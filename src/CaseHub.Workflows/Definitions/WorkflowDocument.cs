using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Definitions;

/// <summary>
/// A workflow definition in the Elsa 3 JSON format, read into a model the engine runs. The original
/// JSON is kept (<see cref="Json"/>) so that writing it back preserves designer positions and every
/// property the engine does not know.
/// </summary>
public sealed class WorkflowDocument
{
    public required JsonObject Json { get; init; }
    public string? DefinitionId { get; init; }
    public int Version { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<VariableDefinition> Variables { get; init; } = [];
    /// <summary>The names of the workflow inputs the document declares (<c>"inputs": [{ "name": "Message", … }]</c>).</summary>
    public IReadOnlyList<string> InputNames { get; init; } = [];
    /// <summary>The names of the workflow outputs the document declares (<c>"outputs": [{ "name": "Result", … }]</c>), which <c>Elsa.SetOutput</c> assigns.</summary>
    public IReadOnlyList<string> OutputNames { get; init; } = [];
    public required Flowchart Root { get; init; }
}

/// <summary>A workflow variable: <c>{ "name", "typeName", "value" }</c>.</summary>
/// <summary>A workflow variable: <c>{ "id", "name", "typeName", "value" }</c>; an activity output bound to it names its id (<c>memoryReference</c>).</summary>
public sealed record VariableDefinition(string Name, string TypeName, JsonNode? Value, string? Id = null);

/// <summary>The <c>Elsa.Flowchart</c> root: activities joined by connections from an outcome port to an activity.</summary>
public sealed class Flowchart
{
    public required string Id { get; init; }
    /// <summary>The root's <c>start</c> property, when the document names one.</summary>
    public string? Start { get; init; }
    public IReadOnlyList<ActivityNode> Activities { get; init; } = [];
    public IReadOnlyList<Connection> Connections { get; init; } = [];
}

/// <summary>
/// One activity of the flowchart. Elsa writes inputs as properties of the activity object
/// (<c>"text": { "typeName": "String", "expression": { "type": "Literal", "value": "hi" } }</c>);
/// every property that is not one of the activity's own fields is an input here.
/// </summary>
public sealed class ActivityNode
{
    public required string Id { get; init; }
    /// <summary>The activity type, e.g. <c>Elsa.WriteLine</c> or <c>CaseHub.UserTask</c>.</summary>
    public required string Type { get; init; }
    public int Version { get; init; } = 1;
    public IReadOnlyDictionary<string, InputValue> Inputs { get; init; } = new Dictionary<string, InputValue>(StringComparer.OrdinalIgnoreCase);
    public required JsonObject Json { get; init; }

    public InputValue? Input(string name) => Inputs.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// An input: usually an expression with the .NET type it produces; some inputs (a switch's
/// <c>cases</c>, a fork's <c>branches</c>) are plain JSON, kept in <see cref="Raw"/>.
/// </summary>
public sealed record InputValue(string? TypeName, WorkflowExpression? Expression, JsonNode? Raw);

/// <summary>An expression: <c>{ "type": "Literal|Variable|Object|Json|JavaScript|Liquid", "value": ... }</c>.</summary>
public sealed record WorkflowExpression(string Type, JsonNode? Value)
{
    /// <summary>The value as text: a string as is, anything else as JSON.</summary>
    public string? Text => Value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Value.ToJsonString(),
    };

    public static WorkflowExpression Literal(string value) => new("Literal", JsonValue.Create(value));
}

/// <summary>A connection from an activity's outcome port to another activity.</summary>
public sealed record Connection(string Source, string SourcePort, string Target, string TargetPort = "In");
