using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Workflows.Activities;

/// <summary>
/// A published definition used as an activity of other workflows (Elsa's <c>WorkflowDefinitionActivity</c>): listed when its
/// <c>options.usableAsActivity</c> is true, under its name in PascalCase as the type (<c>"Child With Input"</c> → <c>ChildWithInput</c>),
/// its <c>inputs</c> as inputs, its <c>outputs</c> as outputs and its <c>outcomes</c> as ports besides <c>Done</c>.
/// </summary>
public static class WorkflowActivities
{
    public const string Category = "子流程";

    /// <summary><c>options.usableAsActivity</c> (Studio 3.1 and later), or <c>usableAsActivity</c> at the top (3.0 exports).</summary>
    public static bool IsUsableAsActivity(WorkflowDocument document) =>
        Flag((document.Json["options"] as JsonObject)?["usableAsActivity"]) || Flag(document.Json["usableAsActivity"]);

    private static bool Flag(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var flag) && flag;

    /// <summary>The type parents use: the definition's name in PascalCase, as Elsa's descriptor factory makes it; the id when it has no name.</summary>
    public static string TypeOf(WorkflowDocument document, string definitionId) =>
        string.IsNullOrWhiteSpace(document.Name) ? definitionId : CompiledWorkflow.Pascal(document.Name);

    public static ActivityDescriptor Describe(WorkflowDocument document, string definitionId, string? type = null)
    {
        var inputs = Declared(document, "inputs").Select(i => new InputDescriptor(
            char.ToLowerInvariant(i.Name[0]) + i.Name[1..], TypeNames.Normalize(Text(i.Json["type"])) ?? "Object", Text(i.Json["uiHint"]) ?? "singleline",
            DisplayName: Text(i.Json["displayName"]) ?? i.Name)).ToList();
        var outputs = Declared(document, "outputs").Select(o => o.Name).ToList();
        var outcomes = JsonRead.OptionalArray(document.Json, "outcomes", "$").Select(Text).OfType<string>().Where(o => o.Length > 0);
        return new ActivityDescriptor
        {
            Type = type ?? TypeOf(document, definitionId), Category = Category, DisplayName = document.Name ?? definitionId,
            Description = Text(document.Json["description"]) ?? $"Runs the workflow '{definitionId}' as part of this one.",
            Inputs = inputs, Outputs = outputs, Outcomes = ["Done", .. outcomes.Where(o => o != "Done").Distinct()],
            Activity = new WorkflowDefinitionActivity(definitionId, [.. Declared(document, "inputs").Select(i => i.Name)], outputs),
        };
    }

    private static IEnumerable<(string Name, JsonObject Json)> Declared(WorkflowDocument document, string property) =>
        JsonRead.OptionalArray(document.Json, property, "$").OfType<JsonObject>()
            .Select(o => (Name: Text(o["name"]) ?? "", Json: o)).Where(o => o.Name.Length > 0);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>
/// Runs the published version of <see cref="DefinitionId"/> inside this activity: its inputs are this activity's inputs, its
/// outputs become this activity's outputs (<c>get&lt;Output&gt;From&lt;Activity&gt;()</c>), and it continues through the
/// outcomes the child's <c>Elsa.Complete</c> gave, else <c>Done</c>. The child may wait (a user task, a timer); the parent waits with it.
/// </summary>
internal sealed class WorkflowDefinitionActivity(string definitionId, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs) : IActivity
{
    public string DefinitionId { get; } = definitionId;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var input = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var name in inputs)
            if (context.Node.Input(name) is not null) input[name] = context.Evaluate(name);
        return ChildWorkflowRun.StartAsync(context, DefinitionId, input, correlationId: null, Completed);
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume) => ChildWorkflowRun.ResumeAsync(context, resume, Completed);

    private ActivityResult Completed(InstanceState child)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var name in outputs) values[name] = child.WorkflowOutputs.GetValueOrDefault(name)?.DeepClone();
        var outcomes = child.Output is JsonObject { } output && output["outcomes"] is JsonArray { Count: > 0 } list
            ? list.Select(Values.ToText).OfType<string>().ToArray()
            : [];
        return ActivityResult.Complete(outcomes) with { Outputs = values };
    }
}

/// <summary>
/// <c>Elsa.ExecuteWorkflow</c>: runs the published version of <c>workflowDefinitionId</c> with <c>input</c> (an object) and
/// <c>correlationId</c>. With <c>waitForCompletion</c> the child runs inside this activity (as a workflow used as an activity) and
/// the result is <c>{ workflowInstanceId, status: "Finished", output }</c>. Without it the child is a new instance of its own,
/// started through the outbox once this step commits; the result is <c>{ workflowInstanceId, status: "Running" }</c>.
/// </summary>
internal sealed class ExecuteWorkflowActivity : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var definitionId = context.EvaluateText("workflowDefinitionId");
        if (string.IsNullOrWhiteSpace(definitionId)) throw new ExpressionException("workflowDefinitionId is required.");
        var input = Input(context.Evaluate("input"));
        var correlationId = context.EvaluateText("correlationId");
        if (context.EvaluateBoolean("waitForCompletion"))
            return await ChildWorkflowRun.StartAsync(context, definitionId, input, correlationId, child => Result(context.Run.InstanceId, "Finished", child.Output));
        if (context.Runner?.ChildWorkflows is { } source && await source.FindPublishedAsync(definitionId) is null)
            throw new ExpressionException($"流程 '{definitionId}' 没有已发布的版本 / The workflow '{definitionId}' has no published version.");
        var instanceId = Guid.NewGuid().ToString("N");
        context.Publish(OutboxTopics.StartWorkflow, new JsonObject
        {
            ["definitionId"] = definitionId, ["instanceId"] = instanceId, ["correlationId"] = correlationId,
            ["input"] = new JsonObject([.. input.Select(i => KeyValuePair.Create(i.Key, i.Value?.DeepClone()))]),
            ["parentInstanceId"] = context.Run.InstanceId,
        });
        return Result(instanceId, "Running", null);
    }

    private static ActivityResult Result(string instanceId, string status, JsonNode? output) => ActivityResult.Complete() with
    {
        Outputs = new Dictionary<string, JsonNode?>
        {
            ["Result"] = new JsonObject { ["workflowInstanceId"] = instanceId, ["status"] = status, ["output"] = output?.DeepClone() },
        },
    };

    // Elsa's input is an IDictionary<string, object>: an object, or a JSON text holding one.
    private static Dictionary<string, JsonNode?> Input(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{'))
            value = JsonNode.Parse(text);
        var input = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (value is JsonObject obj)
            foreach (var (name, item) in obj) input[name] = item?.DeepClone();
        else if (value is not null && !(value is JsonValue s && s.TryGetValue<string>(out var blank) && string.IsNullOrWhiteSpace(blank)))
            throw new ExpressionException($"input must be an object of named values, not {value.ToJsonString()}.");
        return input;
    }
}
