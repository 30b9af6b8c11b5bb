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

/// <summary>
/// The parts a loop is unfolded into (<c>FlowchartJson</c>) carry their role in this input, and the loop's id in
/// <see cref="LoopParts.Loop"/>; the nodes keep the loop's type so the journal and the designer show them as the loop.
/// </summary>
internal static class LoopParts
{
    public const string Part = "casehub:part";
    public const string Loop = "casehub:loop";
    public const string Init = "init", Next = "next", Condition = "condition";

    public static string? Of(Definitions.ActivityNode node, string input) => Values.ToText(node.Input(input)?.Raw);

    public static bool TakeBreak(ActivityContext context, string loop)
    {
        if (!context.Scope.Loops.TryGetValue(loop, out var state) || state["break"] is null) return false;
        context.Scope.Loops.Remove(loop);
        return true;
    }
}

/// <summary>
/// <c>Elsa.ForEach</c>: <c>init</c> reads <c>items</c> and starts at the first; <c>next</c> puts the current item in the
/// <c>currentValue</c> variable and goes through <c>Iterate</c> to the body, or through <c>Done</c> when the list is exhausted
/// or an <c>Elsa.Break</c> ended it. The list and the position live in <see cref="Expressions.ExpressionScope.Loops"/>, which
/// the instance state persists, so a body that blocks resumes at the same item.
/// </summary>
internal sealed class ForEachActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var loop = LoopParts.Of(context.Node, LoopParts.Loop) ?? context.Node.Id;
        switch (LoopParts.Of(context.Node, LoopParts.Part))
        {
            case LoopParts.Init:
                context.Scope.Loops[loop] = new JsonObject { ["items"] = Items(context.Evaluate("items")), ["index"] = 0 };
                return ValueTask.FromResult(ActivityResult.Complete());
            case LoopParts.Next:
                if (LoopParts.TakeBreak(context, loop)) return ValueTask.FromResult(ActivityResult.Complete());
                if (!context.Scope.Loops.TryGetValue(loop, out var state) || state["items"] is not JsonArray items
                    || state["index"]?.GetValue<int>() is not int index || index >= items.Count)
                {
                    context.Scope.Loops.Remove(loop);
                    return ValueTask.FromResult(ActivityResult.Complete());
                }
                state["index"] = index + 1;
                if (CurrentValueVariable(context) is { } variable) context.SetVariable(variable, items[index]?.DeepClone());
                return ValueTask.FromResult(ActivityResult.Complete("Iterate"));
            default:
                return ValueTask.FromResult(ActivityResult.Complete());
        }
    }

    /// <summary>A list, a JSON text holding one, or a single value (one item); nothing is an empty list.</summary>
    internal static JsonArray Items(JsonNode? value)
    {
        switch (value)
        {
            case null: return [];
            case JsonArray array: return (JsonArray)array.DeepClone();
            case JsonValue v when v.TryGetValue<string>(out var text):
                if (text.TrimStart().StartsWith('['))
                    try { if (JsonNode.Parse(text) is JsonArray parsed) return parsed; } catch (System.Text.Json.JsonException) { }
                return string.IsNullOrWhiteSpace(text) ? [] : [JsonValue.Create(text)];
            default: return [value.DeepClone()];
        }
    }

    // Elsa Studio binds the output to a variable: { "typeName", "memoryReference": { "id": "<variable id>" } }; also a name.
    internal static string? CurrentValueVariable(ActivityContext context)
    {
        var input = context.Node.Input("currentValue");
        var node = input?.Expression?.Value ?? input?.Raw;
        var reference = node switch
        {
            JsonObject o when o["memoryReference"] is JsonObject m => Values.ToText(m["id"]),
            JsonObject o => Values.ToText(o["name"]) ?? Values.ToText(o["id"]),
            JsonValue v => Values.ToText(v),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(reference)) return null;
        return context.Scope.VariableIds.TryGetValue(reference, out var name) ? name : reference;
    }
}

/// <summary><c>Elsa.While</c>'s condition part: <c>True</c> runs the body again, <c>False</c> (or a <c>Break</c> in the body) leaves the loop.</summary>
internal sealed class WhileActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (LoopParts.Of(context.Node, LoopParts.Part) != LoopParts.Condition) return ValueTask.FromResult(ActivityResult.Complete());
        var loop = LoopParts.Of(context.Node, LoopParts.Loop) ?? context.Node.Id;
        if (LoopParts.TakeBreak(context, loop)) return ValueTask.FromResult(ActivityResult.Complete("False"));
        return ValueTask.FromResult(ActivityResult.Complete(context.EvaluateBoolean("condition") ? "True" : "False"));
    }
}

/// <summary>
/// <c>Elsa.Break</c>: ends the nearest enclosing loop (ForEach or While): it marks the loop as broken and goes back to the loop's
/// <c>next</c>/condition part, which then leaves it. Outside a loop it just completes.
/// </summary>
internal sealed class BreakActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (LoopParts.Of(context.Node, LoopParts.Loop) is not { } loop) return ValueTask.FromResult(ActivityResult.Complete());
        var state = context.Scope.Loops.TryGetValue(loop, out var existing) ? existing : context.Scope.Loops[loop] = [];
        state["break"] = true;
        return ValueTask.FromResult(ActivityResult.Complete("Break"));
    }
}
