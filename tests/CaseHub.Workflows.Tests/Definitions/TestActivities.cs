using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Tests.Definitions;

/// <summary>A registry of the Elsa activity shapes the definition tests need; behaviour is never run here.</summary>
internal static class TestActivities
{
    public static ActivityRegistry Registry() => new(
    [
        Describe("Elsa.Start"),
        Describe("Elsa.End", outcomes: []),
        Describe("Elsa.WriteLine", inputs: [new InputDescriptor("text", "String", "singleline", Required: true)]),
        Describe("Elsa.FlowDecision", outcomes: ["True", "False"], inputs: [new InputDescriptor("condition", "Boolean", "singleline")]),
        Describe("Elsa.FlowSwitch", outcomes: ["Default"], dynamic: node => LabelsOf(node.Input("cases")?.Raw)),
        // Elsa's fork completes through "Done" when it has no branches.
        Describe("Elsa.FlowFork", outcomes: [], dynamic: node => Branches(node) is { Count: > 0 } branches ? branches : ["Done"]),
        Describe("Elsa.FlowJoin", inputs: [new InputDescriptor("mode", "FlowJoinMode", "dropdown", Options: ["WaitAll", "WaitAny"])]),
        Describe("Elsa.Event", trigger: true, inputs: [new InputDescriptor("eventName", "String", "singleline", Required: true)]),
        Describe("Elsa.SetVariable", inputs: [new InputDescriptor("variable", "Object", "variable-picker", Required: true), new InputDescriptor("value", "Object", "singleline")]),
        Describe("Elsa.Delay", trigger: true, inputs: [new InputDescriptor("timeSpan", "TimeSpan", "singleline", Required: true)]),
    ]);

    /// <summary>Literal and Variable as the engine has them, and a stand-in for JavaScript that rejects "@@".</summary>
    public static ExpressionEngine Expressions() => new([new LiteralEvaluator(), new VariableEvaluator(), new FakeJavaScript()]);

    public static WorkflowValidator Validator() => new(Registry(), Expressions());

    private static ActivityDescriptor Describe(string type, IReadOnlyList<string>? outcomes = null, IReadOnlyList<InputDescriptor>? inputs = null,
        Func<ActivityNode, IReadOnlyList<string>>? dynamic = null, bool trigger = false) => new()
    {
        Type = type,
        Category = "Test",
        DisplayName = type,
        Description = type,
        Outcomes = outcomes ?? ["Done"],
        Inputs = inputs ?? [],
        DynamicOutcomes = dynamic,
        IsTrigger = trigger,
        Activity = NoOp.Instance,
    };

    private static List<string> LabelsOf(JsonNode? cases) =>
        cases is JsonArray array ? array.OfType<JsonObject>().Select(c => Values.ToText(c["label"])).OfType<string>().ToList() : [];

    // Branches arrive as a JSON array, or as text holding one (as the designer may store it), or comma-separated.
    private static IReadOnlyList<string> Branches(ActivityNode node)
    {
        var value = node.Input("branches") is { } input ? input.Expression?.Value ?? input.Raw : null;
        if (value is JsonValue text && Values.ToText(text) is { } s && s.TrimStart().StartsWith('['))
        {
            try { value = JsonNode.Parse(s); }
            catch (JsonException) { return []; }
        }
        return Values.ToList(value);
    }

    private sealed class NoOp : IActivity
    {
        public static readonly NoOp Instance = new();
        public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete());
    }

    private sealed class FakeJavaScript : IExpressionEvaluator
    {
        public IReadOnlyList<string> Syntaxes { get; } = ["JavaScript"];

        public JsonNode? Evaluate(WorkflowExpression expression, ExpressionScope scope) =>
            throw new NotSupportedException("Definition tests never run scripts.");

        public string? CheckSyntax(WorkflowExpression expression) =>
            expression.Text?.Contains("@@", StringComparison.Ordinal) == true ? "Unexpected token '@@'." : null;
    }
}
