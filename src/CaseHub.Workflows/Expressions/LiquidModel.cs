using System.Text.Json;
using System.Text.Json.Nodes;
using Scriban.Runtime;

namespace CaseHub.Workflows.Expressions;

/// <summary>
/// Builds what a Liquid template sees, as Elsa's Liquid names it (<c>Variables</c>, <c>Input</c>,
/// <c>CorrelationId</c>, <c>WorkflowInstanceId</c>), from plain script objects, arrays and primitives
/// only, so a template never reaches a .NET object. Each render gets its own copy.
/// </summary>
internal static class LiquidModel
{
    public static ScriptObject For(ExpressionScope scope) => new()
    {
        ["Variables"] = ObjectOf(scope.Variables),
        ["Input"] = ObjectOf(scope.Input),
        ["CorrelationId"] = scope.CorrelationId,
        ["WorkflowInstanceId"] = scope.InstanceId,
    };

    private static ScriptObject ObjectOf(IEnumerable<KeyValuePair<string, JsonNode?>> values)
    {
        var result = new ScriptObject();
        foreach (var (name, value) in values)
            result[name] = value is null ? null : Convert(JsonSerializer.SerializeToElement(value));
        return result;
    }

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ObjectOf(element),
        JsonValueKind.Array => new ScriptArray(element.EnumerateArray().Select(Convert)),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number when element.TryGetDecimal(out var number) => number,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static ScriptObject ObjectOf(JsonElement element)
    {
        var result = new ScriptObject();
        foreach (var property in element.EnumerateObject())
            result[property.Name] = Convert(property.Value);
        return result;
    }
}
