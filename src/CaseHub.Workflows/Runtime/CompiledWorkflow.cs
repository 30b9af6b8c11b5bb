using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;

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
    /// <summary>Null for an empty flowchart, which completes at once.</summary>
    public string? StartActivityId { get; }
    public IReadOnlyDictionary<string, ActivityNode> Nodes { get; }
    public IReadOnlyDictionary<string, ActivityDescriptor> Descriptors { get; }
    public IReadOnlyList<string> VariableNames { get; }
    /// <summary>Variable names by the ids Elsa Studio gives them (an output bound to a variable names its id).</summary>
    public IReadOnlyDictionary<string, string> VariableIds { get; }
    /// <summary>Elsa's activity output accessors, <c>get&lt;Output&gt;From&lt;ActivityName&gt;</c> (the name, else the id, in PascalCase).</summary>
    public IReadOnlyList<OutputAccessor> OutputAccessors { get; }

    /// <summary>
    /// An activity that waits for its inbound paths: a <c>FlowJoin</c>, an activity with a <c>mergeMode</c>, or an implicit join
    /// (two or more forward inbound connections). <see cref="Inbound"/> is every inbound connection in document order (arrivals
    /// are stored by index into it); <see cref="Counted"/> says which of them the join waits for (the forward ones; Converge
    /// also the loops back). <see cref="Feeders"/> are, per connection, the activities from which it can still be reached along
    /// forward connections without passing the join. <see cref="Kind"/> is null for a FlowJoin whose mode is an expression.
    /// </summary>
    public sealed record JoinShape(IReadOnlyList<Connection> Inbound, IReadOnlyList<bool> Counted, IReadOnlyList<HashSet<string>> Feeders,
        HashSet<string> AllFeeders, JoinKind? Kind);

    /// <summary>The activities it was compiled with, for the parts compiled later (a ParallelForEach's body).</summary>
    public ActivityRegistry Registry { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CompiledWorkflow> _parts = new(StringComparer.Ordinal);

    /// <summary>A part of this version compiled on first use and kept with it (a version never changes).</summary>
    internal CompiledWorkflow Part(string activityId, Func<CompiledWorkflow> compile) => _parts.GetOrAdd(activityId, _ => compile());

    public CompiledWorkflow(WorkflowDocument document, ActivityRegistry registry)
    {
        Document = document;
        Registry = registry;
        var flow = document.Root;
        Nodes = flow.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        Descriptors = flow.Activities.ToDictionary(a => a.Id,
            a => registry.Find(a.Type) ?? throw new InvalidOperationException($"Activity '{a.Id}' has unknown type '{a.Type}'."), StringComparer.Ordinal);
        StartActivityId = WorkflowValidator.FindStart(flow);
        VariableNames = document.Variables.Select(v => v.Name).ToList();
        VariableIds = document.Variables.Where(v => v.Id is { Length: > 0 }).GroupBy(v => v.Id!).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        OutputAccessors = [.. flow.Activities.SelectMany(a => Descriptors[a.Id].Outputs.Select(o =>
            new OutputAccessor($"get{o}From{Pascal(a.Json["name"] is JsonValue n && n.TryGetValue<string>(out var name) && name.Length > 0 ? name : a.Id)}", a.Id, o)))];

        foreach (var connection in flow.Connections)
        {
            if (!_outgoing.TryGetValue(connection.Source, out var list)) _outgoing[connection.Source] = list = [];
            list.Add(connection);
        }
        var forward = FlowGraph.ForwardConnections(flow.Connections, StartActivityId);
        foreach (var node in FlowGraph.TopologicalOrder(flow.Activities, forward))
            if (ShapeOf(node, flow.Connections, forward) is { } shape)
                _joins[node.Id] = shape;
        JoinIds = [.. _joins.Keys];
    }

    public IEnumerable<Connection> Outgoing(string activityId, string outcome) =>
        _outgoing.TryGetValue(activityId, out var list)
            ? list.Where(c => string.Equals(c.SourcePort, outcome, StringComparison.OrdinalIgnoreCase))
            : [];

    public bool IsJoin(string activityId) => _joins.ContainsKey(activityId);

    public JoinShape Join(string activityId) => _joins[activityId];

    /// <summary>The joins upstream first, so a join whose missing branches are dead decides before the joins after it.</summary>
    public IReadOnlyList<string> JoinIds { get; }

    /// <summary>Initial variable values; Elsa stores them as text, so numbers and booleans are read back by type.</summary>
    public Dictionary<string, JsonNode?> InitialVariables()
    {
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var v in Document.Variables)
            variables[v.Name] = Typed(v.TypeName, v.Value);
        return variables;
    }

    // As Humanizer's Pascalize: every word capitalised, separators dropped ("compute total" → "ComputeTotal").
    internal static string Pascal(string name) => string.Concat(name.Split([' ', '_', '-', '.'], StringSplitOptions.RemoveEmptyEntries)
        .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

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

    private static JoinShape? ShapeOf(ActivityNode node, IReadOnlyList<Connection> connections, HashSet<Connection> forward)
    {
        var inbound = connections.Where(c => c.Target == node.Id).ToList();
        var forwardCount = inbound.Count(forward.Contains);
        JoinKind? kind;
        if (node.Type == "Elsa.FlowJoin")
            kind = node.Input("mode") is { Expression: { Type: not ("Literal" or "Object" or "Json") } } ? null : JoinModes.OfFlowJoin(Values.ToText(node.Input("mode")?.Expression?.Value ?? node.Input("mode")?.Raw));
        else
        {
            var cascade = string.Equals(JoinModes.MergeModeText(node), "Cascade", StringComparison.OrdinalIgnoreCase);
            kind = cascade ? null : JoinModes.OfMergeMode(node) ?? (forwardCount >= 2 ? JoinKind.WaitAllActive : null);
            // Elsa's token flow: Merge, Converge and Stream run on every arrival when there is no second path to wait for.
            if (kind is JoinKind.Merge or JoinKind.WaitAllActive && forwardCount < 2) kind = null;
            if (kind is JoinKind.Converge && inbound.Count < 2) kind = null;
            if (kind is null) return null;
        }
        var counted = inbound.Select(c => kind == JoinKind.Converge || forward.Contains(c)).ToList();
        var predecessors = forward.Where(c => c.Target != node.Id && c.Source != node.Id)
            .GroupBy(c => c.Target).ToDictionary(g => g.Key, g => g.Select(c => c.Source).ToList(), StringComparer.Ordinal);
        var feeders = inbound.Select(c => Ancestors(c.Source, predecessors)).ToList();
        var all = new HashSet<string>(feeders.SelectMany(f => f), StringComparer.Ordinal);
        return new JoinShape(inbound, counted, feeders, all, kind);
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
