using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Expressions;

/// <summary>
/// <c>Object</c> and <c>Json</c>: a JSON value, written either as JSON text (as Elsa's designer
/// stores it) or as the JSON object or array itself.
/// </summary>
public sealed class ObjectEvaluator : IExpressionEvaluator
{
    public IReadOnlyList<string> Syntaxes { get; } = ["Object", "Json"];

    public JsonNode? Evaluate(WorkflowExpression expression, ExpressionScope scope)
    {
        try
        {
            return Read(expression);
        }
        catch (JsonException e)
        {
            throw new ExpressionException($"{expression.Type} expression is not valid JSON: {Describe(e)}", e);
        }
    }

    public string? CheckSyntax(WorkflowExpression expression)
    {
        try
        {
            Read(expression);
            return null;
        }
        catch (JsonException e)
        {
            return Describe(e);
        }
    }

    private static JsonNode? Read(WorkflowExpression expression) => expression.Value switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) =>
            string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text),
        _ => expression.Value.DeepClone(),
    };

    // System.Text.Json counts lines and byte positions from zero.
    private static string Describe(JsonException e) =>
        e.LineNumber is { } line
            ? $"{WithoutPosition(e.Message)} (line {line + 1}, column {e.BytePositionInLine + 1})"
            : e.Message;

    // The reader appends its own zero-based position ("Path: $ | LineNumber: 2 | ..."); callers get a one-based one instead.
    private static string WithoutPosition(string message)
    {
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        var line = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var cut = new[] { path, line, message.Length }.Where(i => i > 0).Min();
        return message[..cut];
    }
}
