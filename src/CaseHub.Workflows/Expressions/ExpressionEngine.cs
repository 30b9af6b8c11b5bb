using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Expressions;

/// <summary>Dispatches an expression to the evaluator of its syntax.</summary>
public sealed class ExpressionEngine
{
    private readonly Dictionary<string, IExpressionEvaluator> _bySyntax = new(StringComparer.OrdinalIgnoreCase);

    public ExpressionEngine(IEnumerable<IExpressionEvaluator> evaluators)
    {
        foreach (var evaluator in evaluators)
            foreach (var syntax in evaluator.Syntaxes)
                _bySyntax[syntax] = evaluator;
    }

    /// <summary>The engine with every built-in syntax: Literal, Variable, Object/Json, JavaScript and Liquid.</summary>
    public static ExpressionEngine CreateDefault(JavaScriptLimits? limits = null)
    {
        // The first script in a process pays for JIT-compiling the interpreter, which on a busy machine can
        // exceed the 500 ms limit and fault the first instance; pay it in the background instead.
        _ = Task.Run(() => new JavaScriptEvaluator(new JavaScriptLimits { Timeout = TimeSpan.FromSeconds(30) })
            .Evaluate(new WorkflowExpression("JavaScript", JsonValue.Create("getVariable('x') === undefined")), new ExpressionScope()));
        return new([new LiteralEvaluator(), new VariableEvaluator(), new ObjectEvaluator(), new JavaScriptEvaluator(limits), new LiquidEvaluator()]);
    }

    public IReadOnlyCollection<string> Syntaxes => _bySyntax.Keys;

    public bool Supports(string syntax) => _bySyntax.ContainsKey(syntax);

    public JsonNode? Evaluate(WorkflowExpression expression, ExpressionScope scope) =>
        Evaluator(expression).Evaluate(expression, scope);

    /// <summary>Null when the expression parses; otherwise why not (including an unknown syntax).</summary>
    public string? CheckSyntax(WorkflowExpression expression) =>
        _bySyntax.TryGetValue(expression.Type, out var evaluator)
            ? evaluator.CheckSyntax(expression)
            : $"Unknown expression type '{expression.Type}'; use one of {string.Join(", ", _bySyntax.Keys)}.";

    private IExpressionEvaluator Evaluator(WorkflowExpression expression) =>
        _bySyntax.TryGetValue(expression.Type, out var evaluator)
            ? evaluator
            : throw new ExpressionException($"Unknown expression type '{expression.Type}'.");
}
