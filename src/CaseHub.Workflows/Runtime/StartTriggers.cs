using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Persistence;

namespace CaseHub.Workflows.Runtime;

/// <summary>
/// Activities that start new instances of the published version (Elsa's triggers): an <c>Elsa.Event</c>, <c>Elsa.Timer</c> or
/// <c>Elsa.Cron</c> or <c>Elsa.HttpEndpoint</c> with <c>canStartWorkflow: true</c> (in <c>customProperties</c>, as Studio 3.x writes it, or on the activity).
/// A triggered instance starts at the trigger, which completes at once with the stimulus (the event's payload) instead of waiting.
/// Elsewhere in a run, or when the workflow is started by hand, the same activity waits as usual.
/// </summary>
public static class StartTriggers
{
    public const string EventType = "Elsa.Event", TimerType = "Elsa.Timer", CronType = "Elsa.Cron", HttpType = "Elsa.HttpEndpoint";

    /// <summary>Timer rows of a trigger are marked by this prefix and the version id in their instance column (they belong to no instance).</summary>
    public const string RowPrefix = "t:";

    public static bool CanStartWorkflow(ActivityNode node) =>
        Flag(node.Json["customProperties"] as JsonObject) || Flag(node.Json);

    public static IEnumerable<ActivityNode> Of(CompiledWorkflow workflow) =>
        workflow.Nodes.Values.Where(n => n.Type is EventType or TimerType or CronType or HttpType && CanStartWorkflow(n));

    /// <summary>A trigger's literal input (its event name, interval, cron expression): a trigger is found before any instance exists to evaluate in.</summary>
    public static string? Literal(ActivityNode node, string input) => node.Input(input) switch
    {
        { Expression: { Type: "Literal" } e } => e.Text,
        { Expression: null, Raw: { } raw } => Values.ToText(raw),
        _ => null,
    };

    /// <summary>When a Timer or Cron trigger fires next after <paramref name="after"/>; null when its input is not a literal it can read.</summary>
    public static DateTimeOffset? NextOccurrence(ActivityNode node, DateTimeOffset after, TimeZoneInfo zone)
    {
        try
        {
            return node.Type == TimerType
                ? after + Values.ToTimeSpan(JsonValue.Create(Literal(node, "interval")))
                : CronActivity.NextOccurrence(Literal(node, "cronExpression"), after, zone);
        }
        catch (ExpressionException)
        {
            return null;
        }
    }

    /// <summary>
    /// The timer row of one occurrence. Its id is derived from the version, the activity and the due time, so every host that
    /// schedules the same occurrence writes the same row, and only the first insert of it commits: one occurrence, one instance.
    /// </summary>
    public static WorkflowTimerRecord Row(VersionKey version, string activityId, DateTimeOffset due) => new()
    {
        Id = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"{version.Id}|{activityId}|{due.UtcTicks}"))).ToString("N"),
        InstanceId = RowPrefix + version.Id, DueAt = due.UtcDateTime,
        Payload = new JsonObject { ["trigger"] = new JsonObject { ["definitionId"] = version.DefinitionId, ["versionId"] = version.Id, ["version"] = version.Version, ["activityId"] = activityId } }.ToJsonString(),
    };

    // Studio 3.0 wrote "CanStartWorkflow" in customProperties; later versions "canStartWorkflow".
    private static bool Flag(JsonObject? json) =>
        json is not null && (json["canStartWorkflow"] ?? json["CanStartWorkflow"]) is JsonValue v && v.TryGetValue<bool>(out var flag) && flag;
}
