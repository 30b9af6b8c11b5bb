using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace CaseHub.Workflows.Expressions;

/// <summary>
/// <c>Liquid</c>: a template rendered by Scriban's Liquid mode, e.g. <c>Hello {{ Variables.Name }}</c>;
/// the result is the rendered text. Parsed templates are shared; every render has its own context.
/// </summary>
public sealed class LiquidEvaluator(LiquidLimits? limits = null) : IExpressionEvaluator
{
    private readonly LiquidLimits _limits = limits ?? LiquidLimits.Default;
    private readonly ParseCache<Template> _templates = new(source => Template.ParseLiquid(source));

    // The process's first render pays for Scriban's JIT and built-ins; that is not the template's time, and on a
    // cold, busy host it alone can pass the limit. One throwaway render, outside any deadline, takes that cost.
    private static readonly Lazy<string> WarmUp = new(() => Template.ParseLiquid("{{ 1 }}").Render(new LiquidTemplateContext()));

    public IReadOnlyList<string> Syntaxes { get; } = ["Liquid"];

    public JsonNode? Evaluate(WorkflowExpression expression, ExpressionScope scope)
    {
        var template = _templates.Get(expression.Text ?? "");
        if (template.HasErrors)
            throw new ExpressionException($"Liquid syntax error: {Errors(template)}");

        _ = WarmUp.Value;
        // A fresh context per render: its built-ins (date.format, for one) are mutable by templates.
        var context = new LiquidTemplateContext
        {
            LoopLimit = _limits.LoopLimit,
            RecursiveLimit = _limits.RecursiveLimit,
            OutputLimit = _limits.OutputLimit,
            OnOutputLimit = ScriptLimitBehavior.Throw,
        };
        context.PushGlobal(LiquidModel.For(scope));
        // The limit is the template's own running time, counted from here.
        using var deadline = new CancellationTokenSource(_limits.Timeout);
        context.CancellationToken = deadline.Token;
        try
        {
            return JsonValue.Create(template.Render(context));
        }
        catch (ScriptAbortException) when (deadline.IsCancellationRequested)
        {
            throw new ExpressionException($"Liquid exceeded its time limit of {_limits.Timeout.TotalMilliseconds:0} ms.");
        }
        catch (ScriptRuntimeException e)
        {
            throw new ExpressionException($"Liquid failed: {e.Message}", e);
        }
    }

    public string? CheckSyntax(WorkflowExpression expression)
    {
        var template = _templates.Get(expression.Text ?? "");
        return template.HasErrors ? Errors(template) : null;
    }

    private static string Errors(Template template) =>
        string.Join("; ", template.Messages.Where(m => m.Type == ParserMessageType.Error).Select(m =>
            // Scriban places errors at the end of input at line -1.
            m.Span.Start.Line < 0 ? m.Message : $"{m.Message} (line {m.Span.Start.Line + 1}, column {m.Span.Start.Column + 1})"));
}
