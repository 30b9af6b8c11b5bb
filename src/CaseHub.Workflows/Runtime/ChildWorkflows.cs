using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Runtime;

/// <summary>Where a child workflow comes from: the published version of a definition, and any version compiled.</summary>
public interface IChildWorkflows
{
    Task<VersionKey?> FindPublishedAsync(string definitionId, CancellationToken ct = default);

    Task<CompiledWorkflow> CompiledAsync(string versionId, CancellationToken ct = default);
}

/// <summary>A child workflow faulted; the parent faults with it, and the child's own exception is the inner one.</summary>
public sealed class ChildWorkflowFaultedException(string message, WorkflowIncident childIncident, Exception? inner)
    : Exception(message, inner)
{
    public WorkflowIncident ChildIncident { get; } = childIncident;
}

/// <summary>
/// Runs a child workflow inside one activity of its parent, as Elsa's composite <c>WorkflowDefinitionActivity</c> does: the child
/// runs in the parent's step until it ends or waits. While it waits its state is kept in the parent's <see cref="InstanceState.Children"/>
/// and its bookmarks are the parent's, under the activity's id; resuming one resumes the child through the activity. What the child
/// journals, writes and publishes belongs to the parent's step, so it commits in the parent's one transaction.
/// </summary>
internal static class ChildWorkflowRun
{
    /// <summary>How deep child workflows may nest: deeper is almost surely a workflow that uses itself.</summary>
    public const int MaxDepth = 8;

    public static async ValueTask<ActivityResult> StartAsync(ActivityContext context, string definitionId, Dictionary<string, JsonNode?> input,
        string? correlationId, Func<InstanceState, ActivityResult> completed)
    {
        var (runner, source) = Require(context);
        if (context.Run.Depth >= MaxDepth)
            throw new ExpressionException($"子流程嵌套超过 {MaxDepth} 层 / Child workflows nest deeper than {MaxDepth} levels at '{context.Node.Id}'; a workflow probably runs itself.");
        var key = await source.FindPublishedAsync(definitionId)
            ?? throw new ExpressionException($"子流程 '{definitionId}' 没有已发布的版本 / The child workflow '{definitionId}' has no published version.");
        var workflow = await source.CompiledAsync(key.Id);
        var child = new ChildRun
        {
            DefinitionId = key.DefinitionId, VersionId = key.Id, Version = key.Version,
            State = new InstanceState { Variables = workflow.InitialVariables(), Input = input, CorrelationId = correlationId ?? context.Scope.CorrelationId },
        };
        var step = await runner.StartAsync(workflow, child.State, Info(context, child));
        return Apply(context, child, step, completed);
    }

    public static async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume, Func<InstanceState, ActivityResult> completed)
    {
        var (runner, source) = Require(context);
        if (!context.Children.TryGetValue(context.Node.Id, out var stored))
            throw new InvalidOperationException($"'{context.Node.Id}' has no waiting child workflow for bookmark {resume.Bookmark.Id}.");
        // A copy: when the resume faults, the stored child stays as it was, so a retry resumes it again from there.
        var child = new ChildRun { DefinitionId = stored.DefinitionId, VersionId = stored.VersionId, Version = stored.Version, State = InstanceState.Deserialize(stored.State.Serialize()) };
        var workflow = await source.CompiledAsync(child.VersionId);
        var step = await runner.ResumeAsync(workflow, child.State, Info(context, child), resume.Bookmark.Id, resume.Payload, resume.ResumedBy);
        return Apply(context, child, step, completed);
    }

    private static ActivityResult Apply(ActivityContext context, ChildRun child, StepResult step, Func<InstanceState, ActivityResult> completed)
    {
        Record(context, context.Node.Id, child, step);
        switch (step.Status)
        {
            case WorkflowStatus.Suspended:
                context.Children[context.Node.Id] = child;
                return ActivityResult.Block([.. OpenAdded(child, step)]);
            default:
                context.Children.Remove(context.Node.Id);
                return completed(child.State);
        }
    }

    /// <summary>The bookmarks the child's step added that are still open: the parent adds them under its activity.</summary>
    public static IEnumerable<BookmarkSpec> OpenAdded(ChildRun child, StepResult step) =>
        step.AddedBookmarks.Where(b => child.State.Bookmarks.Any(open => open.Id == b.Id));

    /// <summary>
    /// Takes what a child's step produced into the parent's step (journal rows under <paramref name="label"/>, lines, outbox messages,
    /// an HTTP response, bookmarks it closed); throws when the child faulted, which faults the parent's activity.
    /// </summary>
    public static void Record(ActivityContext context, string label, ChildRun child, StepResult step)
    {
        var effects = context.Effects ??= new ActivityEffects();
        foreach (var entry in step.Journal) effects.Journal.Add(entry with { ActivityId = $"{label}/{entry.ActivityId}" });
        // The child's lines are the parent's (Elsa writes both to one console); the child keeps none of its own.
        context.Lines.AddRange(child.State.Lines);
        child.State.Lines.Clear();
        foreach (var message in step.Messages) context.Publish(message.Topic, message.Payload);
        if (step.HttpResponse is { } response) effects.HttpResponse = response;
        var added = step.AddedBookmarks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        effects.ClosedBookmarks.AddRange(step.RemovedBookmarks.Where(b => !added.Contains(b.Id)).Select(b => b.Id));
        if (step.Status != WorkflowStatus.Faulted) return;
        var incident = step.Incident!;
        var what = child.Part is null ? $"子流程 '{child.DefinitionId}'" : $"'{label}' 的循环体";
        var whatEn = child.Part is null ? $"The child workflow '{child.DefinitionId}'" : $"The body of '{label}'";
        throw new ChildWorkflowFaultedException(
            $"{what} 在 '{incident.ActivityId}' ({incident.ActivityType}) 出错：{incident.Message} / " +
            $"{whatEn} faulted in '{incident.ActivityId}' ({incident.ActivityType}): {incident.Message}",
            incident, step.Exception);
    }

    private static (FlowchartRunner Runner, IChildWorkflows Source) Require(ActivityContext context) =>
        context.Runner?.ChildWorkflows is { } source
            ? (context.Runner, source)
            : throw new InvalidOperationException("This engine has no stored definitions to run a child workflow from.");

    private static WorkflowRunInfo Info(ActivityContext context, ChildRun child) =>
        new(context.Run.InstanceId, child.DefinitionId, child.Version, context.Run.Depth + 1);
}
