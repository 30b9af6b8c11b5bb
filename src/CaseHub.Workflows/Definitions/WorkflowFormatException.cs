namespace CaseHub.Workflows.Definitions;

/// <summary>
/// The document is not a workflow definition the engine can read (not JSON, no flowchart root, an
/// activity without id or type). <see cref="Path"/> points at the offending JSON so the author can find it.
/// </summary>
public sealed class WorkflowFormatException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    /// <summary>The JSON path of the problem, e.g. <c>$.root.activities[2].id</c>.</summary>
    public string Path { get; } = path;
}
