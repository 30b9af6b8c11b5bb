using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace CaseHub.Workflows.Expressions;

/// <summary>The functions Elsa's scripts call, bound to one evaluation's scope.</summary>
internal static class JavaScriptFunctions
{
    public static void Register(Engine engine, ExpressionScope scope)
    {
        // Generated accessors first, so a variable called "Variable" or "Input" cannot hide the built-ins below.
        foreach (var name in scope.DeclaredVariables.Where(n => n.Length > 0))
        {
            var suffix = char.ToUpperInvariant(name[0]) + name[1..];
            Define(engine, "get" + suffix, _ => Variable(engine, scope, name));
            Define(engine, "set" + suffix, args => SetVariable(engine, scope, name, Arg(args, 0)));
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
    }

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
