using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace CaseHub.Workflows.Expressions;

/// <summary>The functions Elsa's scripts call, bound to one evaluation's scope.</summary>
internal static class JavaScriptFunctions
{
    public static void Register(Engine engine, ExpressionScope scope, string source)
    {
        // Generated accessors first, so a variable called "Variable" or "Input" cannot hide the built-ins below.
        foreach (var name in scope.DeclaredVariables.Where(n => n.Length > 0))
        {
            var suffix = char.ToUpperInvariant(name[0]) + name[1..];
            Define(engine, "get" + suffix, _ => Variable(engine, scope, name));
            Define(engine, "set" + suffix, args => SetVariable(engine, scope, name, Arg(args, 0)));
        }
        // Elsa's CreateWorkflowInputAccessors: get + the input's name verbatim, after the variables so an input wins a clash.
        // Like Elsa (which filters by the identifiers a script references) only the accessors the script names are built.
        // Indexed loops: a foreach over the interfaces would allocate an enumerator on every evaluation.
        for (var i = 0; i < scope.DeclaredInputs.Count; i++)
        {
            var name = scope.DeclaredInputs[i];
            if (source.Contains("get" + name, StringComparison.Ordinal))
                Define(engine, "get" + name, _ => Input(engine, scope, name));
            // Older Elsa versions capitalised it: the samples read an input "fromMain" as getFromMain().
            if (name.Length > 0 && char.IsLower(name[0]) && source.Contains("get" + char.ToUpperInvariant(name[0]) + name[1..], StringComparison.Ordinal))
                Define(engine, "get" + char.ToUpperInvariant(name[0]) + name[1..], _ => Input(engine, scope, name));
        }
        for (var i = 0; i < scope.OutputAccessors.Count; i++)
        {
            var accessor = scope.OutputAccessors[i];
            if (source.Contains(accessor.Name, StringComparison.Ordinal))
                Define(engine, accessor.Name, _ => Output(engine, scope, accessor.ActivityId, accessor.Output));
        }

        Define(engine, "getVariable", args => Variable(engine, scope, Name(args)));
        Define(engine, "setVariable", args => SetVariable(engine, scope, Name(args), Arg(args, 1)));
        Define(engine, "getInput", args =>
            scope.Input.TryGetValue(Name(args), out var value) ? JavaScriptJson.ToJs(engine, value) : JsValue.Undefined);
        Define(engine, "getCorrelationId", _ => scope.CorrelationId is { } id ? new JsString(id) : JsValue.Null);
        Define(engine, "setCorrelationId", args =>
        {
            var id = Arg(args, 0);
            scope.CorrelationId = id.IsNull() || id.IsUndefined() ? null : TypeConverter.ToString(id);
            return JsValue.Undefined;
        });
        Define(engine, "getWorkflowInstanceId", _ => scope.InstanceId is { } id ? new JsString(id) : JsValue.Null);
        if (source.Contains("getOutputFrom", StringComparison.Ordinal))
            Define(engine, "getOutputFrom", args => Output(engine, scope, Name(args), TypeConverter.ToString(Arg(args, 1) is { } o && !o.IsUndefined() ? o : "Result")));
        if (source.Contains("getLastResult", StringComparison.Ordinal))
            Define(engine, "getLastResult", _ => JavaScriptJson.ToJs(engine, scope.LastResult));
    }

    // Elsa's input dictionary ignores case; the exact name first, then any case.
    private static JsValue Input(Engine engine, ExpressionScope scope, string name)
    {
        if (scope.Input.TryGetValue(name, out var value)) return JavaScriptJson.ToJs(engine, value);
        foreach (var (key, v) in scope.Input)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return JavaScriptJson.ToJs(engine, v);
        return JsValue.Undefined;
    }

    private static JsValue Output(Engine engine, ExpressionScope scope, string activityId, string output) =>
        scope.Outputs.TryGetValue(activityId, out var outputs) && outputs.TryGetValue(output, out var value)
            ? JavaScriptJson.ToJs(engine, value)
            : JsValue.Undefined;

    private static JsValue Variable(Engine engine, ExpressionScope scope, string name) =>
        scope.Variables.TryGetValue(name, out var value) ? JavaScriptJson.ToJs(engine, value) : JsValue.Undefined;

    private static JsValue SetVariable(Engine engine, ExpressionScope scope, string name, JsValue value)
    {
        scope.Variables[name] = JavaScriptJson.ToNode(engine, value);
        return JsValue.Undefined;
    }

    private static void Define(Engine engine, string name, Func<JsValue[], JsValue> body) =>
        engine.SetValue(name, new ClrFunction(engine, name, (_, args) => body(args)));

    private static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;

    private static string Name(JsValue[] args) => TypeConverter.ToString(Arg(args, 0));
}
