using System.Text.Json.Nodes;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Activities;

/// <summary><c>Elsa.Start</c>: where the flow begins; completes at once.</summary>
internal sealed class StartActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete());
}

/// <summary><c>Elsa.End</c> and <c>Elsa.Finish</c>: the flowchart completes here, and with it every other path.</summary>
internal sealed class FinishActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Finish());
}

/// <summary><c>Elsa.FlowDecision</c>: continues through <c>True</c> or <c>False</c>.</summary>
internal sealed class FlowDecisionActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(context.EvaluateBoolean("condition") ? "True" : "False"));
}

/// <summary>
/// <c>Elsa.FlowSwitch</c>: <c>cases</c> is a list of <c>{ label, condition }</c>; mode <c>MatchFirst</c>
/// (default) takes the first true case, <c>MatchAny</c> every true case; none true takes <c>Default</c>.
/// </summary>
internal sealed class FlowSwitchActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var matchAny = string.Equals(context.EvaluateText("mode"), "MatchAny", StringComparison.OrdinalIgnoreCase);
        var matched = new List<string>();
        foreach (var (label, condition) in Cases(context.Node.Input("cases")?.Raw))
        {
            if (condition is null || !Values.ToBoolean(context.Evaluate(condition))) continue;
            matched.Add(label);
            if (!matchAny) break;
        }
        return ValueTask.FromResult(ActivityResult.Complete(matched.Count == 0 ? ["Default"] : [.. matched]));
    }

    internal static IEnumerable<(string Label, Definitions.WorkflowExpression? Condition)> Cases(JsonNode? cases)
    {
        if (cases is not JsonArray array) yield break;
        foreach (var item in array.OfType<JsonObject>())
        {
            var label = item["label"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(label)) continue;
            var condition = item["condition"] as JsonObject;
            var type = condition?["type"]?.GetValue<string>();
            yield return (label, type is null ? null : new Definitions.WorkflowExpression(type, condition!["value"]?.DeepClone()));
        }
    }

    internal static IReadOnlyList<string> Labels(Definitions.ActivityNode node) =>
        Cases(node.Input("cases")?.Raw).Select(c => c.Label).ToList();
}

/// <summary><c>Elsa.FlowFork</c>: continues through every branch named in <c>branches</c> at once.</summary>
internal sealed class FlowForkActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete([.. Values.ToList(context.Evaluate("branches"))]));

    internal static IReadOnlyList<string> Branches(Definitions.ActivityNode node) => Values.LiteralList(node.Input("branches"));
}

/// <summary>
/// <c>Elsa.FlowJoin</c>: merges branches. The runtime, not this class, decides when it fires, because
/// that depends on which branches are still alive (see <see cref="Runtime.FlowchartRunner"/> and <see cref="Runtime.JoinKind"/>).
/// </summary>
internal sealed class FlowJoinActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete());
}

/// <summary><c>Elsa.SetVariable</c>: <c>variable</c> names the variable (a reference object or its name), <c>value</c> is the new value.</summary>
internal sealed class SetVariableActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = VariableName(context.Node.Input("variable")) ?? throw new ExpressionException("SetVariable needs the variable to set.");
        context.SetVariable(name, context.Evaluate("value"));
        return ValueTask.FromResult(ActivityResult.Complete());
    }

    // Elsa Studio writes { "id", "name", "typeName" } as the variable; older documents a plain name.
    private static string? VariableName(Definitions.InputValue? input)
    {
        var node = input?.Expression?.Value ?? input?.Raw;
        return node switch
        {
            JsonObject o => o["name"]?.GetValue<string>() ?? o["id"]?.GetValue<string>(),
            JsonValue v when v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) => s,
            _ => null,
        };
    }
}

/// <summary><c>Elsa.WriteLine</c>: writes <c>text</c> to the log and the instance's output lines.</summary>
internal sealed class WriteLineActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var text = context.EvaluateText("text") ?? "";
        context.Lines.Add(text);
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary><c>Elsa.Correlate</c>: sets the instance's correlation id, which events can then target.</summary>
internal sealed class CorrelateActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Scope.CorrelationId = context.EvaluateText("correlationId");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary><c>Elsa.Fault</c>: faults the instance with <c>message</c> (and <c>code</c>).</summary>
internal sealed class FaultActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var code = context.EvaluateText("code");
        var message = context.EvaluateText("message") ?? "Fault";
        return ValueTask.FromResult(ActivityResult.Fault(code is null ? message : $"[{code}] {message}"));
    }
}

/// <summary><c>Elsa.RunJavaScript</c>: runs <c>script</c> for its effects (variables, correlation id).</summary>
internal sealed class RunJavaScriptActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var script = context.Node.Input("script");
        var source = script?.Expression?.Text ?? Values.ToText(script?.Raw);
        var result = string.IsNullOrWhiteSpace(source) ? null : context.Evaluate(new Definitions.WorkflowExpression("JavaScript", JsonValue.Create(source)));
        return ValueTask.FromResult(ActivityResult.Complete() with { Outputs = new Dictionary<string, JsonNode?> { ["Result"] = result } });
    }
}

/// <summary>
/// <c>Elsa.Complete</c>: completes the workflow, every other path with it; its <c>outcomes</c> (a list, or one name) become the
/// workflow's output as <c>{ "outcomes": [...] }</c>, which is what a parent workflow would continue through in Elsa.
/// </summary>
internal sealed class CompleteActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var outcomes = Values.ToList(context.Evaluate("outcomes"));
        return ValueTask.FromResult(ActivityResult.Finish(new JsonObject { ["outcomes"] = new JsonArray([.. outcomes.Select(o => (JsonNode)JsonValue.Create(o)!)]) }));
    }
}

/// <summary><c>Elsa.SetName</c>: names the instance (shown in lists instead of the definition's name).</summary>
internal sealed class SetNameActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Scope.InstanceName = context.EvaluateText("value");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>
/// <c>Elsa.SetOutput</c>: assigns <c>outputValue</c> to the workflow output named by <c>outputName</c> (one of the document's
/// <c>outputs</c>); the instance's output carries it when the workflow finishes.
/// </summary>
internal sealed class SetOutputActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.EvaluateText("outputName");
        if (string.IsNullOrWhiteSpace(name)) throw new ExpressionException("SetOutput needs the name of the output to set.");
        context.Scope.WorkflowOutputs[name] = context.Evaluate("outputValue");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
