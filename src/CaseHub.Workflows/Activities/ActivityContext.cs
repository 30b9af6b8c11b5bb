using System.Globalization;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Activities;

/// <summary>What an activity sees while it runs: its node, the workflow's scope and the services it may use.</summary>
public sealed class ActivityContext(
    ActivityNode node, ExpressionScope scope, ExpressionEngine expressions, DateTimeOffset now, IServiceProvider services, WorkflowRunInfo run)
{
    private readonly List<OutboxEntry> _messages = [];

    public ActivityNode Node { get; } = node;
    public ExpressionScope Scope { get; } = scope;
    public DateTimeOffset Now { get; } = now;
    public IServiceProvider Services { get; } = services;
    public WorkflowRunInfo Run { get; } = run;
    public IReadOnlyList<OutboxEntry> Messages => _messages;

    /// <summary>Text written by the activity (WriteLine), kept with the instance.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>The step this activity runs in: its runner (for a child workflow to run on) and the instance's state.</summary>
    internal Runtime.StepLink? Step { get; init; }

    internal Runtime.FlowchartRunner? Runner => Step?.Runner;

    /// <summary>The child workflows of this instance's waiting composite activities, by activity id (persisted with the instance).</summary>
    internal Dictionary<string, Runtime.ChildRun> Children => Step!.State.Children;

    /// <summary>
    /// What the few activities that answer a request or run a child leave for the runner; created only by them, since a context
    /// is made per activity execution, on the hot path.
    /// </summary>
    internal Runtime.ActivityEffects? Effects { get; set; }

    /// <summary>Evaluates the named input; null when the node does not set it.</summary>
    public JsonNode? Evaluate(string input)
    {
        var value = Node.Input(input);
        if (value is null) return null;
        if (value.Expression is null) return value.Raw?.DeepClone();
        try
        {
            return expressions.Evaluate(value.Expression, Scope);
        }
        catch (ExpressionException e)
        {
            throw new ExpressionException($"Input '{input}' of activity '{Node.Id}': {e.Message}", e);
        }
    }

    public JsonNode? Evaluate(WorkflowExpression expression) => expressions.Evaluate(expression, Scope);

    public string? EvaluateText(string input) => Values.ToText(Evaluate(input));

    public bool EvaluateBoolean(string input) => Values.ToBoolean(Evaluate(input));

    /// <summary>Queues a message for the outbox; it commits with this step or not at all.</summary>
    public void Publish(string topic, JsonNode? payload) => _messages.Add(new OutboxEntry(topic, payload));

    public void SetVariable(string name, JsonNode? value) => Scope.Variables[name] = value;
}

/// <summary>Identity of the run an activity belongs to.</summary>
/// <param name="Depth">0 for the instance's own workflow, 1 for a child workflow run as one of its activities, and so on.</param>
public sealed record WorkflowRunInfo(string InstanceId, string DefinitionId, int Version, int Depth = 0);

/// <summary>An outgoing message written to the outbox table in the step's transaction.</summary>
public sealed record OutboxEntry(string Topic, JsonNode? Payload);

/// <summary>Conversions from expression results (JSON) to what activities need, the way Elsa's literals read.</summary>
public static class Values
{
    public static string? ToText(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    public static bool ToBoolean(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => bool.TryParse(s.Trim(), out var parsed)
            ? parsed
            : throw new ExpressionException($"'{s}' is not true or false."),
        JsonValue v when v.TryGetValue<double>(out var d) => d != 0,
        _ => true,
    };

    public static double? ToNumber(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw new ExpressionException($"'{value.ToJsonString()}' is not a number."),
    };

    /// <summary>Elsa writes time spans as <c>"00:05:00"</c> or <c>"1.02:00:00"</c>; a bare number is seconds.</summary>
    public static TimeSpan ToTimeSpan(JsonNode? value)
    {
        var text = ToText(value)?.Trim();
        if (string.IsNullOrEmpty(text)) throw new ExpressionException("A time span is required, e.g. \"00:05:00\".");
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)) return span;
        try { return System.Xml.XmlConvert.ToTimeSpan(text); } // ISO-8601 "PT5M"
        catch (FormatException) { throw new ExpressionException($"'{text}' is not a time span; write it as \"00:05:00\"."); }
    }

    public static DateTimeOffset ToDateTimeOffset(JsonNode? value)
    {
        var text = ToText(value)?.Trim();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new ExpressionException($"'{text}' is not a date and time; use ISO-8601 with an offset.");
    }

    /// <summary>A list input: a JSON array, text holding one, or text with one item per comma or line.</summary>
    public static IReadOnlyList<string> ToList(JsonNode? value)
    {
        if (value is JsonArray array)
            return array.Select(ToText).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).ToList();
        var text = ToText(value)?.Trim() ?? "";
        if (text.StartsWith('['))
        {
            try { return ToList(JsonNode.Parse(text)); }
            catch (System.Text.Json.JsonException) { throw new ExpressionException($"'{text}' is not a JSON list."); }
        }
        return text.Split([',', '\n', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// A list input read without running it, for validation and the designer: a literal or JSON list counts,
    /// a script does not (its ports are only known when it runs).
    /// </summary>
    public static IReadOnlyList<string> LiteralList(InputValue? input)
    {
        try
        {
            return input?.Expression switch
            {
                null => ToList(input?.Raw),
                { Type: "Literal" or "Object" or "Json" } e => ToList(e.Value),
                _ => [],
            };
        }
        catch (ExpressionException)
        {
            return [];
        }
    }
}
