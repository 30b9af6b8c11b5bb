using System.Text.Json;
using System.Text.Json.Nodes;
using Acornima;
using Acornima.Ast;
using CaseHub.Workflows.Definitions;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace CaseHub.Workflows.Expressions;

/// <summary>
/// <c>JavaScript</c>: an Elsa-style script on Jint, e.g. <c>getCounter() + 1</c>. Each evaluation gets
/// its own engine (so no evaluation sees another's globals or variables) with no CLR access; values
/// cross the boundary only as JSON text, and the <see cref="JavaScriptLimits"/> bound every run.
/// </summary>
public sealed class JavaScriptEvaluator(JavaScriptLimits? limits = null) : IExpressionEvaluator
{
    private readonly JavaScriptLimits _limits = limits ?? JavaScriptLimits.Default;
    private readonly ParseCache<Parsed> _scripts = new(Parse);

    public IReadOnlyList<string> Syntaxes { get; } = ["JavaScript"];

    // As for Liquid: the process's first script pays for Jint's JIT, which is not the script's time; a throwaway
    // evaluation without limits takes that cost once, so a cold, busy host does not time a one-liner out.
    private static readonly Lazy<bool> WarmUp = new(() =>
    {
        using var engine = new Engine();
        engine.Evaluate("[1, 2].map(x => ({ x: x + 1 })).length");
        return true;
    });

    public JsonNode? Evaluate(WorkflowExpression expression, ExpressionScope scope)
    {
        var source = expression.Text ?? "";
        var parsed = _scripts.Get(source);
        if (parsed.Error is not null)
            throw new ExpressionException($"JavaScript syntax error: {parsed.Error}");

        _ = WarmUp.Value;
        using var engine = CreateEngine();
        JavaScriptFunctions.Register(engine, scope, source);
        try
        {
            return JavaScriptJson.ToNode(engine, engine.Evaluate(parsed.Script));
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            throw new ExpressionException(message, e);
        }
    }

    public string? CheckSyntax(WorkflowExpression expression) => _scripts.Get(expression.Text ?? "").Error;

    private Engine CreateEngine() => new(options => options
        .Strict()
        // Code built from strings (eval, new Function) would bypass the syntax check and the cache.
        .DisableStringCompilation()
        .TimeoutInterval(_limits.Timeout)
        .MaxStatements(_limits.MaxStatements)
        .LimitMemory(_limits.MaxMemoryBytes)
        .LimitRecursion(_limits.MaxRecursionDepth)
        .MaxArraySize(_limits.MaxArraySize));

    private string? Describe(Exception e) => e switch
    {
        JavaScriptException js => $"JavaScript error at line {js.Location.Start.Line}, column {js.Location.Start.Column + 1}: {js.Message}",
        TimeoutException => $"JavaScript exceeded its time limit of {_limits.Timeout.TotalMilliseconds:0} ms.",
        StatementsCountOverflowException => $"JavaScript exceeded its limit of {_limits.MaxStatements:N0} statements.",
        // Jint reports both the allocation limit and the array size limit this way; its message tells which.
        MemoryLimitExceededException => $"JavaScript exceeded its memory limit: {e.Message}.",
        RecursionDepthOverflowException => $"JavaScript exceeded its recursion limit of {_limits.MaxRecursionDepth} nested calls.",
        JintException or JsonException => $"JavaScript failed: {e.Message}",
        _ => null,
    };

    private static Parsed Parse(string source)
    {
        try
        {
            return new Parsed(Engine.PrepareScript(source, strict: true), null);
        }
        catch (ScriptPreparationException prepare) when (prepare.InnerException is ParseErrorException e)
        {
            return new Parsed(default, $"{e.Description} (line {e.LineNumber}, column {e.Column + 1})");
        }
    }

    private readonly record struct Parsed(Prepared<Script> Script, string? Error);
}
