namespace CaseHub.Workflows.Definitions;

/// <summary>How the start activity of a flowchart is chosen; shared by the runtime and the validator so they never disagree.</summary>
internal static class FlowchartStart
{
    public const string StartType = "Elsa.Start";

    public static string? Find(Flowchart flowchart, out string? whyNot)
    {
        whyNot = null;
        var ids = flowchart.Activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        if (flowchart.Start is { } named && ids.Contains(named)) return named;
        if (flowchart.Activities.Count == 0)
        {
            whyNot = "The flowchart has no activities.";
            return null;
        }

        var starts = flowchart.Activities.Where(a => a.Type == StartType).Select(a => a.Id).Distinct().ToList();
        if (starts.Count == 1) return starts[0];
        if (starts.Count > 1)
        {
            whyNot = $"There are {starts.Count} {StartType} activities ({string.Join(", ", starts)}); keep one or set root.start.";
            return null;
        }

        var targets = flowchart.Connections.Select(c => c.Target).ToHashSet(StringComparer.Ordinal);
        var roots = flowchart.Activities.Select(a => a.Id).Where(id => !targets.Contains(id)).Distinct().ToList();
        if (roots.Count == 1) return roots[0];
        whyNot = roots.Count == 0
            ? $"Every activity has an inbound connection, so none of them starts the flow; add an {StartType} activity or set root.start."
            : $"{roots.Count} activities have no inbound connection ({string.Join(", ", roots)}), so the start is ambiguous; add an {StartType} activity or set root.start.";
        return null;
    }
}
