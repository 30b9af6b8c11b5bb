using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Definitions;

/// <summary>How the start activity of a flowchart is chosen; shared by the runtime and the validator so they never disagree.</summary>
internal static class FlowchartStart
{
    public const string StartType = "Elsa.Start";

    /// <summary>
    /// Elsa's order (Flowchart.GetStartActivity): the root's <c>start</c>, else the first <c>Elsa.Start</c>, else the first
    /// activity marked <c>canStartWorkflow</c>, else the first activity nothing connects to, else the first activity. Null
    /// only for an empty flowchart, which Elsa completes at once. <paramref name="warning"/> says when the choice is
    /// probably not what the author meant.
    /// </summary>
    public static string? Find(Flowchart flowchart, out string? warning)
    {
        warning = null;
        var activities = flowchart.Activities;
        if (flowchart.Start is { } named && activities.Any(a => a.Id == named)) return named;
        if (activities.Count == 0)
        {
            warning = "流程图没有任何活动，运行即完成 / The flowchart has no activities, so a run completes at once.";
            return null;
        }

        var starts = activities.Where(a => a.Type == StartType).Select(a => a.Id).Distinct().ToList();
        if (starts.Count > 0)
        {
            if (starts.Count > 1)
                warning = $"有 {starts.Count} 个 {StartType} 活动（{string.Join("、", starts)}），从第一个 '{starts[0]}' 开始 / " +
                          $"There are {starts.Count} {StartType} activities ({string.Join(", ", starts)}); a run starts at the first, '{starts[0]}'. Keep one or set root.start.";
            return starts[0];
        }

        if (activities.FirstOrDefault(a => a.Json["canStartWorkflow"] is JsonValue v && v.TryGetValue<bool>(out var can) && can) is { } marked)
            return marked.Id;

        var targets = flowchart.Connections.Select(c => c.Target).ToHashSet(StringComparer.Ordinal);
        var roots = activities.Select(a => a.Id).Where(id => !targets.Contains(id)).Distinct().ToList();
        if (roots.Count == 1) return roots[0];
        if (roots.Count > 1)
        {
            warning = $"{roots.Count} 个活动没有入线（{string.Join("、", roots)}），从第一个 '{roots[0]}' 开始 / " +
                      $"{roots.Count} activities have no inbound connection ({string.Join(", ", roots)}); a run starts at the first, '{roots[0]}'. Add an {StartType} activity or set root.start.";
            return roots[0];
        }
        var first = activities[0].Id;
        warning = $"每个活动都有入线，从第一个活动 '{first}' 开始 / Every activity has an inbound connection; a run starts at the first activity, '{first}'. " +
                  $"Add an {StartType} activity or set root.start.";
        return first;
    }
}
