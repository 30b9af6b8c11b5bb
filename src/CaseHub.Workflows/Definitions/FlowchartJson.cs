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

    public const string SequenceType = "Elsa.Sequence";

    // Properties of a container that hold its children, not inputs of the container.
    private static readonly HashSet<string> ChildFields = new(StringComparer.OrdinalIgnoreCase) { "activities", "connections", "variables", "start", "then", "else", "body" };
    public const string IfType = "Elsa.If";
    public const string WhileType = "Elsa.While";

    /// <summary>
    /// The root as one flowchart the runner can walk. Elsa also allows an <c>Elsa.Sequence</c> or any single activity as the
    /// root, and a <c>Sequence</c> or <c>Flowchart</c> as an activity of a flowchart; those are unfolded here into plain
    /// activities and connections (see <see cref="Unfold"/>), so joins, bookmarks and persisted state need nothing new.
    /// </summary>
    public static Flowchart Read(JsonNode? node, string path)
    {
        if (node is null) throw new WorkflowFormatException(path, "missing; a workflow needs a root flowchart.");
        if (node is not JsonObject root) throw new WorkflowFormatException(path, "must be an object.");
        var type = JsonRead.OptionalString(root, "type", path);
        var id = JsonRead.OptionalString(root, "id", path) ?? "Flowchart1";
        var activities = new List<ActivityNode>();
        var connections = new List<Connection>();
        string? start;
        if (type == FlowchartType)
        {
            start = JsonRead.OptionalString(root, "start", path) is { Length: > 0 } named ? named : null;
            var fragment = UnfoldFlowchart(root, path, activities, connections, keepStartName: true);
            start = start is null ? null : fragment.Entries.GetValueOrDefault(start, start);
        }
        else if (type is null)
            throw new WorkflowFormatException($"{path}.type", $"the root must be an {FlowchartType}, an {SequenceType} or an activity, not '(none)'.");
        else
        {
            // A Sequence root, or a single activity as the whole workflow: the workflow completes when it does.
            var fragment = Unfold(root, path, activities, connections, isRoot: true);
            start = fragment.Entry == "" ? null : fragment.Entry;
            id = type == SequenceType ? id : "Flowchart1";
        }
        return new Flowchart { Id = id, Start = start, Activities = activities, Connections = connections };
    }

    /// <summary>Where the flow enters an unfolded activity and the activity whose <c>Done</c> means it has completed.</summary>
    private sealed record Fragment(string Entry, IReadOnlyDictionary<string, string> Entries);

    /// <summary>
    /// Adds an activity to the flat flowchart. A plain activity is itself. A container keeps its own id for the node that
    /// completes last (so connections out of it are unchanged, and the journal shows it completing after its children, as
    /// Elsa's does); connections into it go to its first child. A <c>Sequence</c> chains its children through <c>Done</c>;
    /// a nested <c>Flowchart</c> keeps its connections and completes once every path in it has ended (its ends join on it).
    /// </summary>
    private static Fragment Unfold(JsonObject json, string path, List<ActivityNode> activities, List<Connection> connections, bool isRoot = false, string? loop = null)
    {
        var type = JsonRead.RequiredString(json, "type", path);
        if (type == SequenceType)
        {
            var children = JsonRead.OptionalArray(json, "activities", path);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            string? first = null, previous = null;
            for (var i = 0; i < children.Count; i++)
            {
                var childPath = $"{path}.activities[{i}]";
                if (children[i] is not JsonObject child) throw new WorkflowFormatException(childPath, "an activity must be an object.");
                var fragment = Unfold(child, childPath, activities, connections, loop: loop);
                foreach (var (k, v) in fragment.Entries) entries[k] = v;
                var childId = JsonRead.RequiredString(child, "id", childPath);
                if (previous is null) first = fragment.Entry;
                else connections.Add(new Connection(previous, DefaultSourcePort, fragment.Entry));
                previous = childId;
            }
            if (isRoot) return new Fragment(first ?? "", entries);
            var self = ReadActivity(json, path, ChildFields);
            activities.Add(self);
            if (previous is null) first = self.Id;
            else connections.Add(new Connection(previous, DefaultSourcePort, self.Id));
            entries[self.Id] = first!;
            return new Fragment(first!, entries);
        }
        if (type == FlowchartType)
        {
            var fragment = UnfoldFlowchart(json, path, activities, connections, keepStartName: false, loop: loop);
            var self = ReadActivity(json, path, ChildFields);
            // Every path of the nested flowchart ends at an activity nothing leaves; the flowchart completes when all have.
            foreach (var end in fragment.TopLevel.Where(a => !fragment.Sources.Contains(a.Id) && a.Type is not ("Elsa.End" or "Elsa.Finish")))
                connections.Add(new Connection(end.Id, DefaultSourcePort, self.Id));
            activities.Add(self);
            var entry = fragment.Start ?? self.Id;
            var entries = new Dictionary<string, string>((IDictionary<string, string>)fragment.Entries, StringComparer.Ordinal) { [self.Id] = entry };
            return new Fragment(entry, entries);
        }
        if (type is IfType or WhileType)
        {
            // The condition is a FlowDecision under "<id>:condition"; the node under the container's id completes it.
            var self = ReadActivity(json, path, ChildFields);
            var condition = type == IfType
                ? new ActivityNode { Id = $"{self.Id}:condition", Type = "Elsa.FlowDecision", Inputs = self.Inputs, Json = json }
                : Part(self, $"{self.Id}:condition", "condition", self.Id);
            activities.Add(condition);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            string Branch(string property)
            {
                if (json[property] is not JsonObject child) return self.Id;
                var fragment = Unfold(child, $"{path}.{property}", activities, connections, loop: type == WhileType ? self.Id : loop);
                foreach (var (k, v) in fragment.Entries) entries[k] = v;
                // An If's branch completes the If; a While's body goes back to the condition (a loop, run at once).
                connections.Add(new Connection(JsonRead.RequiredString(child, "id", $"{path}.{property}"), DefaultSourcePort, type == IfType ? self.Id : condition.Id));
                return fragment.Entry;
            }
            if (type == IfType)
            {
                connections.Add(new Connection(condition.Id, "True", Branch("then")));
                connections.Add(new Connection(condition.Id, "False", Branch("else")));
            }
            else
            {
                connections.Add(new Connection(condition.Id, "True", Branch("body")));
                connections.Add(new Connection(condition.Id, "False", self.Id));
            }
            activities.Add(self);
            entries[self.Id] = condition.Id;
            return new Fragment(condition.Id, entries);
        }
        if (type == ForEachType)
        {
            // init reads the list; next hands out one item per round (Iterate) or leaves (Done); the body goes back to next.
            var self = ReadActivity(json, path, ChildFields);
            var init = Part(self, $"{self.Id}:init", "init", self.Id);
            var next = Part(self, $"{self.Id}:next", "next", self.Id);
            activities.Add(init);
            activities.Add(next);
            connections.Add(new Connection(init.Id, DefaultSourcePort, next.Id));
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            var bodyEntry = next.Id;
            if (json["body"] is JsonObject body)
            {
                var fragment = Unfold(body, $"{path}.body", activities, connections, loop: self.Id);
                foreach (var (k, v) in fragment.Entries) entries[k] = v;
                connections.Add(new Connection(JsonRead.RequiredString(body, "id", $"{path}.body"), DefaultSourcePort, next.Id));
                bodyEntry = fragment.Entry;
            }
            connections.Add(new Connection(next.Id, "Iterate", bodyEntry));
            connections.Add(new Connection(next.Id, DefaultSourcePort, self.Id));
            activities.Add(self);
            entries[self.Id] = init.Id;
            return new Fragment(init.Id, entries);
        }
        var node = ReadActivity(json, path);
        if (type == BreakType && loop is not null)
        {
            // The loop's next (ForEach) or condition (While) part sees the break and leaves the loop.
            node = WithPart(node, node.Id, null, loop);
            connections.Add(new Connection(node.Id, "Break", $"{loop}:{(IsWhile(activities, loop) ? "condition" : "next")}"));
        }
        activities.Add(node);
        return new Fragment(node.Id, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    public const string ForEachType = "Elsa.ForEach";
    public const string BreakType = "Elsa.Break";

    // A While's condition part is added before its body is unfolded; a ForEach's next part likewise.
    private static bool IsWhile(List<ActivityNode> activities, string loop) => activities.Any(a => a.Id == $"{loop}:condition" && a.Type == WhileType);

    private static ActivityNode Part(ActivityNode self, string id, string part, string loop) => WithPart(self, id, part, loop);

    private static ActivityNode WithPart(ActivityNode node, string id, string? part, string loop)
    {
        var inputs = new Dictionary<string, InputValue>(node.Inputs, StringComparer.OrdinalIgnoreCase)
        {
            ["casehub:loop"] = new InputValue(null, null, JsonValue.Create(loop)),
        };
        if (part is not null) inputs["casehub:part"] = new InputValue(null, null, JsonValue.Create(part));
        return new ActivityNode { Id = id, Type = node.Type, Version = node.Version, Inputs = inputs, Json = node.Json };
    }

    private sealed record FlowchartFragment(string? Start, IReadOnlyList<ActivityNode> TopLevel, HashSet<string> Sources, IReadOnlyDictionary<string, string> Entries);

    private static FlowchartFragment UnfoldFlowchart(JsonObject json, string path, List<ActivityNode> activities, List<Connection> connections, bool keepStartName, string? loop = null)
    {
        var children = JsonRead.OptionalArray(json, "activities", path);
        var links = JsonRead.OptionalArray(json, "connections", path);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < children.Count; i++)
        {
            var childPath = $"{path}.activities[{i}]";
            if (children[i] is not JsonObject child) throw new WorkflowFormatException(childPath, "an activity must be an object.");
            var fragment = Unfold(child, childPath, activities, connections, loop: loop);
            foreach (var (k, v) in fragment.Entries) entries[k] = v;
            entries.TryAdd(JsonRead.RequiredString(child, "id", childPath), fragment.Entry);
        }
        var read = links.Select((c, i) => ReadConnection(c, $"{path}.connections[{i}]")).ToList();
        // A connection into a container enters its first child.
        connections.AddRange(read.Select(c => entries.TryGetValue(c.Target, out var entry) && entry != c.Target ? c with { Target = entry } : c));
        List<ActivityNode> topLevel = [.. children.OfType<JsonObject>().Select((c, i) => ReadActivity(c, $"{path}.activities[{i}]", ChildFields))];
        string? start = null;
        if (!keepStartName)
        {
            // The nested flowchart's own start, chosen as for a root, among the activities it holds.
            var view = new Flowchart { Id = "", Start = JsonRead.OptionalString(json, "start", path) is { Length: > 0 } s ? s : null, Activities = topLevel, Connections = read };
            var chosen = FlowchartStart.Find(view, out _);
            start = chosen is null ? null : entries.GetValueOrDefault(chosen, chosen);
        }
        return new FlowchartFragment(start, topLevel, read.Select(c => c.Source).ToHashSet(StringComparer.Ordinal), entries);
    }

    private static ActivityNode ReadActivity(JsonNode? node, string path, HashSet<string>? childFields = null)
    {
        if (node is not JsonObject json) throw new WorkflowFormatException(path, "an activity must be an object.");
        var inputs = new Dictionary<string, InputValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in json)
            if (!OwnFields.Contains(name) && childFields?.Contains(name) != true)
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
