using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Definitions;

/// <summary>Reads the <c>Elsa.Flowchart</c> root: its activities, their inputs and the connections between them.</summary>
internal static class FlowchartJson
{
    public const string FlowchartType = "Elsa.Flowchart";
    public const string DefaultSourcePort = "Done";
    public const string DefaultTargetPort = "In";

    // An activity's own fields; every other property of the activity object is one of its inputs.
    private static readonly HashSet<string> OwnFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "nodeId", "type", "version", "name", "displayName", "description", "canStartWorkflow", "runAsynchronously",
        "customProperties", "metadata", "applicationProperties", "source", "line",
    };

    public static Flowchart Read(JsonNode? node, string path)
    {
        if (node is null) throw new WorkflowFormatException(path, "missing; a workflow needs a root flowchart.");
        if (node is not JsonObject root) throw new WorkflowFormatException(path, "must be an object.");
        var type = JsonRead.OptionalString(root, "type", path);
        if (type != FlowchartType)
            throw new WorkflowFormatException($"{path}.type", $"the root must be an {FlowchartType}, not '{type ?? "(none)"}'.");

        var activities = JsonRead.OptionalArray(root, "activities", path);
        var connections = JsonRead.OptionalArray(root, "connections", path);
        return new Flowchart
        {
            // Elsa Studio always names the root; hand-written documents may not, and nothing refers to it.
            Id = JsonRead.OptionalString(root, "id", path) ?? "Flowchart1",
            Start = JsonRead.OptionalString(root, "start", path) is { Length: > 0 } start ? start : null,
            Activities = activities.Select((a, i) => ReadActivity(a, $"{path}.activities[{i}]")).ToList(),
            Connections = connections.Select((c, i) => ReadConnection(c, $"{path}.connections[{i}]")).ToList(),
        };
    }

    private static ActivityNode ReadActivity(JsonNode? node, string path)
    {
        if (node is not JsonObject json) throw new WorkflowFormatException(path, "an activity must be an object.");
        var inputs = new Dictionary<string, InputValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in json)
            if (!OwnFields.Contains(name))
                inputs[name] = ReadInput(value, $"{path}.{name}");

        return new ActivityNode
        {
            Id = JsonRead.RequiredString(json, "id", path),
            Type = JsonRead.RequiredString(json, "type", path),
            Version = JsonRead.OptionalInt(json, "version", path) ?? 1,
            Inputs = inputs,
            Json = json,
        };
    }

    /// <summary>
    /// <c>{ "typeName", "expression": { "type", "value" }, "memoryReference" }</c> is an expression input;
    /// anything else (a switch's cases, a variable reference) is plain JSON kept as it is.
    /// </summary>
    private static InputValue ReadInput(JsonNode? value, string path)
    {
        if (value is not JsonObject wrapper || !wrapper.ContainsKey("expression"))
            return new InputValue(null, null, value?.DeepClone());

        var typeName = TypeNames.Normalize(JsonRead.OptionalString(wrapper, "typeName", path));
        var expression = wrapper["expression"] switch
        {
            null => null,
            JsonObject e => ReadExpression(e, $"{path}.expression"),
            _ => throw new WorkflowFormatException($"{path}.expression", "must be an object { \"type\", \"value\" }."),
        };
        return new InputValue(typeName, expression, null);
    }

    public static WorkflowExpression ReadExpression(JsonObject expression, string path) =>
        new(JsonRead.RequiredString(expression, "type", path), expression["value"]?.DeepClone());

    /// <summary>
    /// Elsa 3.0 wrote <c>{ "source": "a", "sourcePort": "Done", "target": "b", "targetPort": "In" }</c>;
    /// later versions write <c>{ "source": { "activity": "a", "port": "Done" }, "target": { ... } }</c>.
    /// </summary>
    private static Connection ReadConnection(JsonNode? node, string path)
    {
        if (node is not JsonObject json) throw new WorkflowFormatException(path, "a connection must be an object.");
        var (source, sourcePort) = ReadEndpoint(json, "source", path);
        var (target, targetPort) = ReadEndpoint(json, "target", path);
        return new Connection(source, sourcePort ?? DefaultSourcePort, target, targetPort ?? DefaultTargetPort);
    }

    private static (string Activity, string? Port) ReadEndpoint(JsonObject connection, string end, string path) => connection[end] switch
    {
        JsonObject endpoint => (JsonRead.RequiredString(endpoint, "activity", $"{path}.{end}"), NonEmpty(JsonRead.OptionalString(endpoint, "port", $"{path}.{end}"))),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (JsonRead.RequiredString(connection, end, path), NonEmpty(JsonRead.OptionalString(connection, end + "Port", path))),
        null => throw new WorkflowFormatException($"{path}.{end}", "is required."),
        _ => throw new WorkflowFormatException($"{path}.{end}", "must be an activity id or { \"activity\", \"port\" }."),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
