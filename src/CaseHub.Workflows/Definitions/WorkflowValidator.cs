using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Definitions;

/// <summary>
/// Checks a definition before it is published and reports every problem at once, so that an author
/// fixes them in one pass instead of one per save. Messages read "中文 / English", as the API's other errors do.
/// </summary>
public sealed class WorkflowValidator(ActivityRegistry registry, ExpressionEngine expressions)
{
    /// <summary>
    /// The activity a run starts at, chosen as Elsa does (see <see cref="FlowchartStart.Find"/>); null only for an empty flowchart.
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
                issues.Add(Error(node.Id, $"activities[{node.Id}].id", $"活动编号 '{node.Id}' 重复 / Another activity already has the id '{node.Id}'; ids must be unique."));
            var descriptor = registry.Find(node.Type);
            if (descriptor is null)
            {
                issues.Add(Error(node.Id, $"activities[{node.Id}].type", UnsupportedActivities.TryGetValue(node.Type, out var instead)
                    ? $"'{node.Id}' 的类型 {node.Type} 不受支持，请改用 {instead} / '{node.Id}' is an {node.Type}, which CaseHub does not run; use {instead} instead."
                    : $"未知的活动类型 '{node.Type}' / Unknown activity type '{node.Type}'."));
                continue;
            }
            CheckRequiredInputs(node, descriptor, issues);
            foreach (var (name, input) in node.Inputs)
                CheckExpressions(node.Id, $"activities[{node.Id}].{name}", input, issues);
            CheckLiterals(node, descriptor, issues);
            if (node.Type == "Elsa.SetOutput") CheckOutputName(node, doc.OutputNames, issues);
            CheckTriggerSchedule(node, issues);
        }

        for (var i = 0; i < flowchart.Connections.Count; i++)
            CheckConnection(flowchart.Connections[i], i, byId, issues);

        if (flowchart.Start is { } named && !byId.ContainsKey(named))
            issues.Add(new ValidationIssue(null, "root.start",
                $"root.start 指向的 '{named}' 不是本流程图的活动 / root.start names '{named}', which is not an activity of this flowchart.", IssueSeverity.Warning));

        var start = FlowchartStart.Find(flowchart, out var warning);
        if (warning is not null) issues.Add(new ValidationIssue(null, "root.start", warning, IssueSeverity.Warning));
        if (start is not null) ReportUnreachable(flowchart, start, issues);

        return issues;
    }

    /// <summary>Activities Elsa has and CaseHub deliberately does not run, with what to use instead.</summary>
    private static readonly Dictionary<string, string> UnsupportedActivities = new(StringComparer.Ordinal)
    {
        ["Elsa.RunCSharp"] = "Elsa.RunJavaScript",
        ["Elsa.RunPython"] = "Elsa.RunJavaScript",
    };

    private static void CheckRequiredInputs(ActivityNode node, ActivityDescriptor descriptor, List<ValidationIssue> issues)
    {
        foreach (var declared in descriptor.Inputs.Where(i => i.Required || i.WhenEmpty is not null))
        {
            var input = node.Input(declared.Name);
            var label = declared.DisplayName is { } display && display != declared.Name ? $"{display} ({declared.Name})" : declared.Name;
            var field = $"activities[{node.Id}].{declared.Name}";
            var missing = input is null || (input.Expression is null && input.Raw is null);
            if (!missing && !IsEmpty(input!)) continue;
            if (!declared.Required)
                issues.Add(new ValidationIssue(node.Id, field, $"'{label}' 为空，{declared.WhenEmpty}".Replace(" / ", $" / '{label}' is empty, so the activity ") + ".", IssueSeverity.Warning));
            else if (missing)
                issues.Add(Error(node.Id, field, $"'{label}' 为必填项 / '{label}' is required."));
            else
                issues.Add(Error(node.Id, field, $"'{label}' 为必填项，当前为空 / '{label}' is required and is empty."));
        }
    }

    /// <summary>What Elsa checks at publish beyond expressions: code held as a literal (a script) parses, a literal cron expression is valid.</summary>
    private void CheckLiterals(ActivityNode node, ActivityDescriptor descriptor, List<ValidationIssue> issues)
    {
        foreach (var declared in descriptor.Inputs.Where(i => i.CodeSyntax is not null || i.CheckLiteral is not null))
        {
            if (node.Input(declared.Name) is not { } input) continue;
            var literal = input.Expression is { Type: "Literal" } e ? e.Text : input.Expression is null ? Activities.Values.ToText(input.Raw) : null;
            if (string.IsNullOrWhiteSpace(literal)) continue;
            var field = $"activities[{node.Id}].{declared.Name}";
            if (declared.CodeSyntax is { } syntax && expressions.Supports(syntax)
                && expressions.CheckSyntax(new WorkflowExpression(syntax, System.Text.Json.Nodes.JsonValue.Create(literal))) is { } problem)
                issues.Add(Error(node.Id, field, $"'{node.Id}' 的 {syntax} 脚本无法解析：{problem} / The {syntax} script of '{node.Id}' does not parse: {problem}"));
            if (declared.CheckLiteral?.Invoke(literal) is { } wrong)
                issues.Add(Error(node.Id, field, $"'{node.Id}' 的 {declared.Name} 无效：'{literal}' / '{literal}' is not a valid {declared.Name} for '{node.Id}': {wrong}"));
        }
    }

    /// <summary>A literal output name that the document's <c>outputs</c> do not declare is probably a typo: warned, as the run still sets it.</summary>
    private static void CheckOutputName(ActivityNode node, IReadOnlyList<string> declared, List<ValidationIssue> issues)
    {
        if (node.Input("outputName") is not { } input) return;
        var name = input.Expression is { Type: "Literal" } e ? e.Text : input.Expression is null ? Activities.Values.ToText(input.Raw) : null;
        if (string.IsNullOrWhiteSpace(name) || declared.Contains(name, StringComparer.Ordinal)) return;
        issues.Add(new ValidationIssue(node.Id, $"activities[{node.Id}].outputName",
            $"'{node.Id}' 设置的输出 '{name}' 未在流程的 outputs 中声明 / '{node.Id}' sets the output '{name}', which the workflow's outputs do not declare.",
            IssueSeverity.Warning));
    }

    /// <summary>A Timer or Cron trigger is scheduled before any instance exists, so only a literal interval or expression can start it.</summary>
    private static void CheckTriggerSchedule(ActivityNode node, List<ValidationIssue> issues)
    {
        if (node.Type is not (Runtime.StartTriggers.TimerType or Runtime.StartTriggers.CronType) || !Runtime.StartTriggers.CanStartWorkflow(node)) return;
        var input = node.Type == Runtime.StartTriggers.TimerType ? "interval" : "cronExpression";
        if (!string.IsNullOrWhiteSpace(Runtime.StartTriggers.Literal(node, input))) return;
        issues.Add(new ValidationIssue(node.Id, $"activities[{node.Id}].{input}",
            $"'{node.Id}' 作为触发器时 {input} 须为字面值，否则不会按时启动流程 / '{node.Id}' starts the workflow only when its {input} is a literal; an expression cannot be scheduled before an instance exists.",
            IssueSeverity.Warning));
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
            var syntaxes = string.Join(", ", expressions.Syntaxes);
            issues.Add(Error(activityId, field, expression.Type.ToLowerInvariant() switch
            {
                "csharp" or "c#" => $"'{activityId}' 使用了 C# 表达式，不受支持；请改用 JavaScript（文本可用 Liquid）/ " +
                                    $"'{activityId}' uses a C# expression, which CaseHub does not run; write it as JavaScript (or Liquid for text) instead.",
                _ => $"不支持表达式类型 '{expression.Type}'，可用：{syntaxes} / Expression type '{expression.Type}' is not supported; use one of {syntaxes}.",
            }));
            return;
        }
        if (expressions.CheckSyntax(expression) is { } problem)
            issues.Add(Error(activityId, field, $"{expression.Type} 表达式无法解析：{problem} / The {expression.Type} expression does not parse: {problem}"));
    }

    private void CheckConnection(Connection connection, int index, Dictionary<string, ActivityNode> byId, List<ValidationIssue> issues)
    {
        var field = $"connections[{index}]";
        if (!byId.TryGetValue(connection.Source, out var source))
            issues.Add(Error(connection.Source, $"{field}.source",
                $"连线起点 '{connection.Source}' 不是本流程图的活动 / The connection starts at '{connection.Source}', which is not an activity of this flowchart."));
        else if (registry.Find(source.Type) is { } descriptor)
        {
            var ports = descriptor.OutcomesOf(source);
            if (!ports.Contains(connection.SourcePort, StringComparer.OrdinalIgnoreCase))
                issues.Add(Error(source.Id, $"{field}.source",
                    $"'{source.Id}' 没有出口 '{connection.SourcePort}'，可用：{Describe(ports)} / '{source.Id}' ({source.Type}) has no outcome '{connection.SourcePort}'; its outcomes are {Describe(ports)}."));
        }

        if (!byId.ContainsKey(connection.Target))
            issues.Add(Error(connection.Source, $"{field}.target",
                $"连线终点 '{connection.Target}' 不是本流程图的活动 / The connection ends at '{connection.Target}', which is not an activity of this flowchart."));
        if (!string.Equals(connection.TargetPort, FlowchartJson.DefaultTargetPort, StringComparison.OrdinalIgnoreCase))
            issues.Add(Error(connection.Source, $"{field}.target",
                $"连线须从 '{FlowchartJson.DefaultTargetPort}' 端口进入 '{connection.Target}' / A connection must enter '{connection.Target}' through its '{FlowchartJson.DefaultTargetPort}' port, not '{connection.TargetPort}'."));
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
                $"从开始活动 '{start}' 无法到达 '{node.Id}'，它不会运行 / '{node.Id}' cannot be reached from the start activity '{start}', so it never runs.", IssueSeverity.Warning));
    }

    private static string Describe(IReadOnlyList<string> ports) => ports.Count == 0 ? "无 none" : string.Join(", ", ports);

    private static ValidationIssue Error(string? activityId, string field, string message) => new(activityId, field, message, IssueSeverity.Error);
}
