using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Runtime;

/// <summary>
/// A definition version prepared for running: nodes by id, connections by outcome, and for every join
/// the activities that can still feed each of its inbound connections. Built once per version and
/// cached, so a run never re-reads the document.
/// </summary>
public sealed class CompiledWorkflow
{
    private readonly Dictionary<string, List<Connection>> _outgoing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JoinShape> _joins = new(StringComparer.Ordinal);

    public WorkflowDocument Document { get; }
    public string StartActivityId { get; }
    public IReadOnlyDictionary<string, ActivityNode> Nodes { get; }
    public IReadOnlyDictionary<string, ActivityDescriptor> Descriptors { get; }
    public IReadOnlyList<string> VariableNames { get; }

    /// <summary>Inbound connections of a join and, per connection, the activities from which it can still be reached without passing the join.</summary>
    public sealed record JoinShape(IReadOnlyList<Connection> Inbound, IReadOnlyList<HashSet<string>> Feeders, HashSet<string> AllFeeders);

    public CompiledWorkflow(WorkflowDocument document, ActivityRegistry registry)
    {
        Document = document;
        var flow = document.Root;
        Nodes = flow.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        Descriptors = flow.Activities.ToDictionary(a => a.Id,
            a => registry.Find(a.Type) ?? throw new InvalidOperationException($"Activity '{a.Id}' has unknown type '{a.Type}'."), StringComparer.Ordinal);
        StartActivityId = WorkflowValidator.FindStart(flow) ?? throw new InvalidOperationException("The workflow has no way to start.");
        VariableNames = document.Variables.Select(v => v.Name).ToList();

        foreach (var connection in flow.Connections)
        {
            if (!_outgoing.TryGetValue(connection.Source, out var list)) _outgoing[connection.Source] = list = [];
            list.Add(connection);
        }
        foreach (var join in flow.Activities.Where(a => a.Type == "Elsa.FlowJoin"))
            _joins[join.Id] = ShapeOf(join.Id, flow.Connections);
    }

    public IEnumerable<Connection> Outgoing(string activityId, string outcome) =>
        _outgoing.TryGetValue(activityId, out var list)
            ? list.Where(c => string.Equals(c.SourcePort, outcome, StringComparison.OrdinalIgnoreCase))
            : [];

    public bool IsJoin(string activityId) => _joins.ContainsKey(activityId);

    public JoinShape Join(string activityId) => _joins[activityId];

    public IEnumerable<string> JoinIds => _joins.Keys;

    /// <summary>Initial variable values; Elsa stores them as text, so numbers and booleans are read back by type.</summary>
    public Dictionary<string, JsonNode?> InitialVariables()
    {
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var v in Document.Variables)
            variables[v.Name] = Typed(v.TypeName, v.Value);
        return variables;
    }

    private static JsonNode? Typed(string typeName, JsonNode? value)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text)) return value?.DeepClone();
        if (text.Length == 0) return null;
        return typeName switch
        {
            "Int32" or "Int64" or "Double" or "Decimal" or "Single" or "Number" when double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            "Boolean" when bool.TryParse(text, out var b) => JsonValue.Create(b),
            "Object" or "ExpandoObject" when text.TrimStart() is ['{', ..] or ['[', ..] => JsonNode.Parse(text),
            _ => JsonValue.Create(text),
        };
    }

    private static JoinShape ShapeOf(string joinId, IReadOnlyList<Connection> connections)
    {
        var inbound = connections.Where(c => c.Target == joinId).ToList();
        var predecessors = connections.Where(c => c.Target != joinId && c.Source != joinId)
            .GroupBy(c => c.Target).ToDictionary(g => g.Key, g => g.Select(c => c.Source).ToList(), StringComparer.Ordinal);
        var feeders = inbound.Select(c => Ancestors(c.Source, predecessors)).ToList();
        var all = new HashSet<string>(feeders.SelectMany(f => f), StringComparer.Ordinal);
        return new JoinShape(inbound, feeders, all);
    }

    // Every activity from which `start` can be reached (itself included), walking backwards but never through the join.
    private static HashSet<string> Ancestors(string start, Dictionary<string, List<string>> predecessors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>([start]);
        while (stack.TryPop(out var node))
            if (predecessors.TryGetValue(node, out var sources))
                foreach (var source in sources)
                    if (seen.Add(source)) stack.Push(source);
        return seen;
    }
}
