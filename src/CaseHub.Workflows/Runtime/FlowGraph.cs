using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Runtime;

/// <summary>
/// The forward connections of a flowchart, as Elsa tells them from loops: walking breadth-first from the start, a connection
/// is forward unless its target already reaches its source along the forward connections found so far (then it closes a loop).
/// Joins wait only for forward connections; a connection back into a loop runs its target at once.
/// </summary>
internal static class FlowGraph
{
    public static HashSet<Connection> ForwardConnections(IReadOnlyList<Connection> connections, string? start)
    {
        var forward = new HashSet<Connection>();
        if (start is null) return forward;
        var targets = connections.GroupBy(c => c.Source, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Target).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var edges = new HashSet<(string, string)>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var source))
        {
            if (!visited.Add(source) || !targets.TryGetValue(source, out var outs)) continue;
            foreach (var target in outs)
            {
                if (edges.Contains((source, target)) || Reaches(next, target, source)) continue;
                edges.Add((source, target));
                if (!next.TryGetValue(source, out var list)) next[source] = list = [];
                list.Add(target);
                if (!visited.Contains(target)) queue.Enqueue(target);
            }
        }
        foreach (var connection in connections)
            if (edges.Contains((connection.Source, connection.Target))) forward.Add(connection);
        return forward;
    }

    /// <summary>Activities ordered so that every forward connection goes from an earlier to a later one; the rest keep document order at the end.</summary>
    public static IEnumerable<ActivityNode> TopologicalOrder(IReadOnlyList<ActivityNode> activities, HashSet<Connection> forward)
    {
        var incoming = activities.DistinctBy(a => a.Id).ToDictionary(a => a.Id, _ => 0, StringComparer.Ordinal);
        foreach (var c in forward.DistinctBy(c => (c.Source, c.Target)))
            if (incoming.ContainsKey(c.Target)) incoming[c.Target]++;
        var byId = activities.DistinctBy(a => a.Id).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var outs = forward.DistinctBy(c => (c.Source, c.Target)).ToLookup(c => c.Source, c => c.Target, StringComparer.Ordinal);
        var ready = new Queue<string>(activities.Select(a => a.Id).Where(id => incoming[id] == 0).Distinct());
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (ready.TryDequeue(out var id))
        {
            if (!done.Add(id)) continue;
            yield return byId[id];
            foreach (var target in outs[id])
                if (incoming.ContainsKey(target) && --incoming[target] == 0) ready.Enqueue(target);
        }
        foreach (var node in byId.Values.Where(n => !done.Contains(n.Id))) yield return node;
    }

    private static bool Reaches(Dictionary<string, List<string>> next, string from, string to)
    {
        if (from == to) return true;
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var stack = new Stack<string>([from]);
        while (stack.TryPop(out var node))
            if (next.TryGetValue(node, out var targets))
                foreach (var target in targets)
                {
                    if (target == to) return true;
                    if (seen.Add(target)) stack.Push(target);
                }
        return false;
    }
}

/// <summary>How a join decides, whatever wrote it: a FlowJoin's <c>mode</c> or an activity's <c>customProperties.mergeMode</c>.</summary>
public enum JoinKind
{
    /// <summary>Every branch still alive has arrived (an implicit join, FlowJoin <c>WaitAllActive</c>, mergeMode <c>Stream</c>).</summary>
    WaitAllActive,
    /// <summary>Every forward branch arrived; when one is dead the join is skipped (FlowJoin <c>WaitAll</c>, Elsa 3.5+).</summary>
    WaitAll,
    /// <summary>The first arrival continues and cancels the other branches; later arrivals are ignored (FlowJoin <c>WaitAny</c>, the default; mergeMode <c>Race</c>).</summary>
    WaitAny,
    /// <summary>Every forward branch must arrive; a dead one blocks it for good (mergeMode <c>Merge</c>).</summary>
    Merge,
    /// <summary>Every inbound connection, loops back included, must arrive (mergeMode <c>Converge</c>).</summary>
    Converge,
}

internal static class JoinModes
{
    /// <summary>Elsa's FlowJoinMode: WaitAll (0), WaitAllActive (1), WaitAny (2); none is WaitAny, Elsa's default since 3.0.</summary>
    public static JoinKind OfFlowJoin(string? mode) => mode?.Trim() switch
    {
        null or "" => JoinKind.WaitAny,
        var m when m.Equals("WaitAll", StringComparison.OrdinalIgnoreCase) || m == "0" => JoinKind.WaitAll,
        var m when m.Equals("WaitAllActive", StringComparison.OrdinalIgnoreCase) || m == "1" => JoinKind.WaitAllActive,
        var m when m.Equals("WaitAny", StringComparison.OrdinalIgnoreCase) || m == "2" => JoinKind.WaitAny,
        var m => throw new Expressions.ExpressionException($"'{m}' is not a join mode; use WaitAll, WaitAllActive or WaitAny."),
    };

    public static readonly string[] MergeModes = ["None", "Stream", "Merge", "Converge", "Cascade", "Race"];

    /// <summary>The raw <c>customProperties.mergeMode</c>, or null when unset.</summary>
    public static string? MergeModeText(ActivityNode node) =>
        node.Json["customProperties"] is System.Text.Json.Nodes.JsonObject custom && custom["mergeMode"] is System.Text.Json.Nodes.JsonValue v
            && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    /// <summary>
    /// Elsa 3.6's token flow: Stream, Merge, Converge and Race wait as their names say; Cascade (one run per arrival) and None
    /// are no join. A FlowJoin ignores mergeMode, as Elsa's does.
    /// </summary>
    public static JoinKind? OfMergeMode(ActivityNode node) => MergeModeText(node)?.ToLowerInvariant() switch
    {
        "stream" => JoinKind.WaitAllActive,
        "merge" => JoinKind.Merge,
        "converge" => JoinKind.Converge,
        "race" => JoinKind.WaitAny,
        _ => null,
    };
}
