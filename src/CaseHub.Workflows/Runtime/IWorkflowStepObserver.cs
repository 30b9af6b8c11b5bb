using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;

namespace CaseHub.Workflows.Runtime;

/// <summary>
/// Sees every step just before it commits, inside the step's unit of work, so an application keeps its
/// own rows in step with the engine's: the case layer turns each user-task bookmark into a task on the
/// ticket and closes it when it is completed, whichever activity made it.
/// </summary>
public interface IWorkflowStepObserver
{
    ValueTask BeforeCommitAsync(WorkflowStepCommit step, CancellationToken ct);
}

/// <summary>One step about to commit: the instance, its status after the step, what it now waits on and what resumed it.</summary>
public sealed record WorkflowStepCommit(string InstanceId, string DefinitionId, IReadOnlyDictionary<string, JsonNode?> Input,
    WorkflowStatus Status, IReadOnlyList<BookmarkSpec> AddedBookmarks, BookmarkResume? Resumed);
