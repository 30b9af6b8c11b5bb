using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Definitions;

/// <summary>
/// Checks a definition before it is published and reports every problem at once, so that an author
/// fixes them in one pass instead of one per save.
/// </summary>
public sealed class WorkflowValidator(ActivityRegistry registry, ExpressionEngine expressions)
{
    /// <summary>
    /// The activity a run starts at: the root's <c>start</c> when it names an activity, else the only
    /// <c>Elsa.Start</c>, else the only activity nothing connects to. Null when there is none or more than one.
    /// </summary>
    public static string? FindStart(Flowchart flowchart) => FlowchartStart.Find(flowchart, out _);

    public IReadOnlyList<ValidationIssue> Validate(WorkflowDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var issues = new List<ValidationIssue>();
        var flowchart = doc.Root;
        var byId = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);

        foreach (var node in flowchart.Activities)
        {
            if (!byId.TryAdd(node.Id, node))
                issues.Add(Error(node.Id, $"activities[{node.Id}].id", $"Another activity already has the id '{node.Id}'; ids must be unique."));
            var descriptor = registry.Find(node.Type);
            if (descriptor is null)
            {
                issues.Add(Error(node.Id, $"activities[{node.Id}].type", $"Unknown activity type '{node.Type}'."));
                continue;
            }
            CheckRequiredInputs(node, descriptor, issues);
            foreach (var (name, input) in node.Inputs)
                CheckExpressions(node.Id, $"activities[{node.Id}].{name}", input, issues);
        }

        for (var i = 0; i < flowchart.Connections.Count; i++)
            CheckConnection(flowchart.Connections[i], i, byId, issues);

        if (flowchart.Start is { } named && !byId.ContainsKey(named))
            issues.Add(new ValidationIssue(null, "root.start", $"root.start names '{named}', which is not an activity of this flowchart.", IssueSeverity.Warning));

        var start = FlowchartStart.Find(flowchart, out var whyNot);
        if (start is null)
            issues.Add(Error(null, "root.start", $"The workflow has no way to start. {whyNot}"));
        else
            ReportUnreachable(flowchart, start, issues);

        return issues;
    }

    private static void CheckRequiredInputs(ActivityNode node, ActivityDescriptor descriptor, List<ValidationIssue> issues)
    {
        foreach (var required in descriptor.Inputs.Where(i => i.Required))
        {
            var input = node.Input(required.Name);
            var label = required.DisplayName ?? required.Name;
            if (input is null || (input.Expression is null && input.Raw is null))
                issues.Add(Error(node.Id, $"activities[{node.Id}].{required.Name}", $"'{label}' is required."));
            else if (IsEmpty(input))
                issues.Add(Error(node.Id, $"activities[{node.Id}].{required.Name}", $"'{label}' is required and is empty."));
        }
    }

    private static bool IsEmpty(InputValue input) => input.Expression is { } expression
        ? expression.Value is null || (expression.Value is JsonValue && string.IsNullOrWhiteSpace(expression.Text)) || expression.Value is JsonArray { Count: 0 }
        : input.Raw is JsonArray { Count: 0 } || (input.Raw is JsonValue && string.IsNullOrWhiteSpace(input.Raw.ToString()));

    private void CheckExpressions(string activityId, string field, InputValue input, List<ValidationIssue> issues)
    {
        if (input.Expression is { } expression) CheckExpression(activityId, field, expression, issues);
        else if (input.Raw is not null) CheckNested(activityId, field, input.Raw, issues);
    }

    /// <summary>Plain-JSON inputs may hold expressions, such as a switch case's <c>condition</c>; those must parse too.</summary>
    private void CheckNested(string activityId, string field, JsonNode node, List<ValidationIssue> issues)
    {
        switch (node)
        {
            case JsonObject obj when NestedExpression(obj) is { } expression:
                CheckExpression(activityId, field, expression, issues);
                break;
            case JsonObject obj:
                foreach (var (name, child) in obj)
                    if (child is not null) CheckNested(activityId, $"{field}.{name}", child, issues);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } item) CheckNested(activityId, $"{field}[{i}]", item, issues);
                break;
        }
    }

    // An expression object has a string "type" and a "value" and nothing else; an input wrapper holds one under "expression".
    private static WorkflowExpression? NestedExpression(JsonObject obj)
    {
        if (obj["expression"] is JsonObject wrapped && obj.All(p => p.Key is "expression" or "typeName" or "memoryReference"))
            return NestedExpression(wrapped);
        if (obj.Count is 1 or 2 && obj["type"] is JsonValue type && type.TryGetValue<string>(out var syntax)
            && obj.All(p => p.Key is "type" or "value"))
            return new WorkflowExpression(syntax, obj["value"]?.DeepClone());
        return null;
    }

    private void CheckExpression(string activityId, string field, WorkflowExpression expression, List<ValidationIssue> issues)
    {
        if (!expressions.Supports(expression.Type))
        {
            issues.Add(Error(activityId, field,
                $"Expression type '{expression.Type}' is not supported; use one of {string.Join(", ", expressions.Syntaxes)}."));
            return;
        }
        if (expressions.CheckSyntax(expression) is { } problem)
            issues.Add(Error(activityId, field, $"The {expression.Type} expression does not parse: {problem}"));
    }

    private void CheckConnection(Connection connection, int index, Dictionary<string, ActivityNode> byId, List<ValidationIssue> issues)
    {
        var field = $"connections[{index}]";
        if (!byId.TryGetValue(connection.Source, out var source))
            issues.Add(Error(connection.Source, $"{field}.source", $"The connection starts at '{connection.Source}', which is not an activity of this flowchart."));
        else if (registry.Find(source.Type) is { } descriptor)
        {
            var ports = descriptor.OutcomesOf(source);
            if (!ports.Contains(connection.SourcePort, StringComparer.OrdinalIgnoreCase))
                issues.Add(Error(source.Id, $"{field}.source",
                    $"'{source.Id}' ({source.Type}) has no outcome '{connection.SourcePort}'; its outcomes are {Describe(ports)}."));
        }

        if (!byId.ContainsKey(connection.Target))
            issues.Add(Error(connection.Source, $"{field}.target", $"The connection ends at '{connection.Target}', which is not an activity of this flowchart."));
        if (!string.Equals(connection.TargetPort, FlowchartJson.DefaultTargetPort, StringComparison.OrdinalIgnoreCase))
            issues.Add(Error(connection.Source, $"{field}.target",
                $"A connection must enter '{connection.Target}' through its '{FlowchartJson.DefaultTargetPort}' port, not '{connection.TargetPort}'."));
    }

    private static void ReportUnreachable(Flowchart flowchart, string start, List<ValidationIssue> issues)
    {
        var next = flowchart.Connections.ToLookup(c => c.Source, c => c.Target, StringComparer.Ordinal);
        var reached = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var id))
            foreach (var target in next[id])
                if (reached.Add(target)) queue.Enqueue(target);

        foreach (var node in flowchart.Activities.Where(a => !reached.Contains(a.Id)).DistinctBy(a => a.Id))
            issues.Add(new ValidationIssue(node.Id, $"activities[{node.Id}]",
                $"'{node.Id}' cannot be reached from the start activity '{start}', so it never runs.", IssueSeverity.Warning));
    }

    private static string Describe(IReadOnlyList<string> ports) => ports.Count == 0 ? "none" : string.Join(", ", ports);

    private static ValidationIssue Error(string? activityId, string field, string message) => new(activityId, field, message, IssueSeverity.Error);
}
