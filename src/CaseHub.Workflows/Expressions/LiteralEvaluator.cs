using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Expressions;

/// <summary><c>Literal</c>: the value itself. <c>Variable</c>: the value of the variable it names.</summary>
public sealed class LiteralEvaluator : IExpressionEvaluator
{
    public IReadOnlyList<string> Syntaxes { get; } = ["Literal"];

    public JsonNode? Evaluate(WorkflowExpression expression, ExpressionScope scope) => expression.Value?.DeepClone();

    public string? CheckSyntax(WorkflowExpression expression) => null;
}

public sealed class VariableEvaluator : IExpressionEvaluator
{
    public IReadOnlyList<string> Syntaxes { get; } = ["Variable"];

    public JsonNode? Evaluate(WorkflowExpression expression, ExpressionScope scope)
    {
        var name = NameOf(expression) ?? throw new ExpressionException("A Variable expression needs the variable's name as its value.");
        return scope.Variables.TryGetValue(name, out var value) ? value?.DeepClone() : null;
    }

    public string? CheckSyntax(WorkflowExpression expression) =>
        NameOf(expression) is null ? "A Variable expression needs the variable's name as its value." : null;

    // Elsa writes either the bare name or a reference object { "id", "name" }.
    private static string? NameOf(WorkflowExpression expression) => expression.Value switch
    {
        JsonObject reference => reference["name"]?.GetValue<string>() ?? reference["id"]?.GetValue<string>(),
        _ => string.IsNullOrWhiteSpace(expression.Text) ? null : expression.Text,
    };
}
