using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Expressions;

/// <summary>Evaluates one kind of expression (its <see cref="Syntax"/>: Literal, Variable, Object, Json, JavaScript, Liquid).</summary>
public interface IExpressionEvaluator
{
    /// <summary>The expression types this evaluator handles, e.g. <c>["Object", "Json"]</c>.</summary>
    IReadOnlyList<string> Syntaxes { get; }

    /// <summary>Evaluates the expression. Failures throw <see cref="ExpressionException"/>.</summary>
    JsonNode? Evaluate(WorkflowExpression expression, ExpressionScope scope);

    /// <summary>Checks the expression's syntax without running it: null when it parses, otherwise the parser's message.</summary>
    string? CheckSyntax(WorkflowExpression expression);
}

/// <summary>An expression that failed to parse or run; the message says why, for the journal and for the designer.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
