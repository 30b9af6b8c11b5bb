namespace CaseHub.Workflows.Definitions;

public sealed class WorkflowValidator
{
    public static string? FindStart(Flowchart flowchart)
    {
        if (flowchart.Start is { } s && flowchart.Activities.Any(a => a.Id == s)) return s;
        var starts = flowchart.Activities.Where(a => a.Type == "Elsa.Start").ToList();
        if (starts.Count == 1) return starts[0].Id;
        var roots = flowchart.Activities.Where(a => flowchart.Connections.All(c => c.Target != a.Id)).ToList();
        return roots.Count == 1 ? roots[0].Id : null;
    }
}
