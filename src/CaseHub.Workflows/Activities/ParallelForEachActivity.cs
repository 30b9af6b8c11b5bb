using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Workflows.Activities;

/// <summary>
/// <c>Elsa.ParallelForEach</c>: runs its <c>body</c> once per item of <c>items</c>, all at once: every item's body starts in this step
/// and may wait on its own (a task per item), and the loop completes through <c>Done</c> once every item's body has ended. Each item's
/// run has its own <c>currentValue</c> and, as Elsa declares them in each iteration's scope, its own <c>CurrentValue</c> and
/// <c>CurrentIndex</c> variables (<c>getCurrentValue()</c>); it shares the workflow's other variables: what a
/// body sets is written back to the workflow's variables when its step ends. The runs are child runs of the loop (see
/// <see cref="ChildWorkflowRun"/>), kept in the instance's state under <c>&lt;loop&gt;#&lt;item&gt;</c>; their journal rows read
/// <c>&lt;loop&gt;#&lt;item&gt;/&lt;activity&gt;</c>. The body is compiled once per version, with the version's activities.
/// </summary>
internal sealed class ParallelForEachActivity : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var link = Link(context);
        var prefix = context.Node.Id + "#";
        foreach (var key in context.Children.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) context.Children.Remove(key);
        var items = ForEachActivity.Items(context.Evaluate("items"));
        if (Body(link.Workflow, context.Node) is not { } body || items.Count == 0) return ActivityResult.Complete();
        var current = ForEachActivity.CurrentValueVariable(context);
        var bookmarks = new List<BookmarkSpec>();
        for (var i = 0; i < items.Count; i++)
        {
            var state = new InstanceState
            {
                // Copies: a JSON value belongs to one tree, and an item must not change another's through a shared object.
                Variables = context.Scope.Variables.ToDictionary(v => v.Key, v => v.Value?.DeepClone(), StringComparer.Ordinal),
                Input = context.Scope.Input.ToDictionary(v => v.Key, v => v.Value?.DeepClone(), StringComparer.Ordinal),
                CorrelationId = context.Scope.CorrelationId,
            };
            if (current is not null) state.Variables[current] = items[i]?.DeepClone();
            state.Variables[CurrentValue] = items[i]?.DeepClone();
            state.Variables[CurrentIndex] = i;
            var child = new ChildRun { DefinitionId = context.Run.DefinitionId, VersionId = "", Version = context.Run.Version, Part = context.Node.Id, State = state };
            var step = await RunAsync(context, child, current, s => link.Runner.StartAsync(body, s, Info(context)));
            if (Keep(context, $"{prefix}{i}", child, step)) bookmarks.AddRange(ChildWorkflowRun.OpenAdded(child, step));
        }
        return Waiting(context, prefix) ? ActivityResult.Block([.. bookmarks]) : ActivityResult.Complete();
    }

    public async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var link = Link(context);
        var prefix = context.Node.Id + "#";
        var (key, stored) = context.Children.FirstOrDefault(c => c.Key.StartsWith(prefix, StringComparison.Ordinal) && c.Value.State.Bookmarks.Any(b => b.Id == resume.Bookmark.Id));
        if (stored is null) throw new InvalidOperationException($"'{context.Node.Id}' has no item waiting for bookmark {resume.Bookmark.Id}.");
        // A copy, so a fault leaves the item as it was; it sees the workflow's variables as they are now, its own current value kept.
        var current = ForEachActivity.CurrentValueVariable(context);
        var state = InstanceState.Deserialize(stored.State.Serialize());
        foreach (var (name, value) in context.Scope.Variables)
            if (!IsLocal(name, current)) state.Variables[name] = value?.DeepClone();
        var child = new ChildRun { DefinitionId = stored.DefinitionId, VersionId = "", Version = stored.Version, Part = stored.Part, State = state };
        var body = Body(link.Workflow, context.Node)!;
        var step = await RunAsync(context, child, current,
            s => link.Runner.ResumeAsync(body, s, Info(context), resume.Bookmark.Id, resume.Payload, resume.ResumedBy));
        var bookmarks = Keep(context, key, child, step) ? ChildWorkflowRun.OpenAdded(child, step).ToArray() : [];
        return Waiting(context, prefix) ? ActivityResult.Block(bookmarks) : ActivityResult.Complete();
    }

    /// <summary>Runs one item's step and writes the variables it changed (other than its current value) back to the workflow's.</summary>
    private static async Task<StepResult> RunAsync(ActivityContext context, ChildRun child, string? current, Func<InstanceState, Task<StepResult>> run)
    {
        var before = child.State.Variables.ToDictionary(v => v.Key, v => v.Value?.DeepClone(), StringComparer.Ordinal);
        var step = await run(child.State);
        foreach (var (name, value) in child.State.Variables)
            if (!IsLocal(name, current) && (!before.TryGetValue(name, out var was) || !JsonNode.DeepEquals(was, value)))
                context.Scope.Variables[name] = value?.DeepClone();
        return step;
    }

    private const string CurrentValue = "CurrentValue", CurrentIndex = "CurrentIndex";

    private static bool IsLocal(string name, string? current) => name == current || name is CurrentValue or CurrentIndex;

    // True when the item still waits (it is kept); a finished item is forgotten.
    private static bool Keep(ActivityContext context, string key, ChildRun child, StepResult step)
    {
        ChildWorkflowRun.Record(context, key, child, step);
        if (step.Status == WorkflowStatus.Suspended)
        {
            context.Children[key] = child;
            return true;
        }
        context.Children.Remove(key);
        return false;
    }

    private static bool Waiting(ActivityContext context, string prefix) => context.Children.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The body as a workflow of its own, with the version's variables and inputs, compiled once per version.</summary>
    private static CompiledWorkflow? Body(CompiledWorkflow workflow, ActivityNode node)
    {
        if (node.Json["body"] is not JsonObject body) return null;
        return workflow.Part(node.Id, () =>
        {
            var variables = workflow.Document.Json["variables"]?.DeepClone() as JsonArray ?? [];
            foreach (var local in new[] { CurrentValue, CurrentIndex })
                if (!workflow.VariableNames.Contains(local)) variables.Add(new JsonObject { ["name"] = local, ["typeName"] = local == CurrentIndex ? "Int32" : "Object" });
            return new CompiledWorkflow(WorkflowJson.Parse(new JsonObject
            {
                ["variables"] = variables, ["inputs"] = workflow.Document.Json["inputs"]?.DeepClone(), ["root"] = body.DeepClone(),
            }.ToJsonString()), workflow.Registry);
        });
    }

    private static StepLink Link(ActivityContext context) =>
        context.Step ?? throw new InvalidOperationException("ParallelForEach runs inside a flowchart step.");

    private static WorkflowRunInfo Info(ActivityContext context)
    {
        if (context.Run.Depth >= ChildWorkflowRun.MaxDepth)
            throw new ExpressionException($"循环嵌套超过 {ChildWorkflowRun.MaxDepth} 层 / Loops and child workflows nest deeper than {ChildWorkflowRun.MaxDepth} levels at '{context.Node.Id}'.");
        return context.Run with { Depth = context.Run.Depth + 1 };
    }
}
