using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;

namespace CaseHub.Workflows.Expressions;

/// <summary>
/// Moves values between workflow JSON and a script as JSON text, so a script only ever holds plain
/// JavaScript values and whatever it returns is something the workflow can persist.
/// </summary>
internal static class JavaScriptJson
{
    public static JsValue ToJs(Engine engine, JsonNode? node) =>
        node is null ? JsValue.Null : new JsonParser(engine).Parse(node.ToJsonString());

    /// <summary>undefined, functions and symbols (which JSON cannot hold) become null.</summary>
    public static JsonNode? ToNode(Engine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
            return null;
        var json = new JsonSerializer(engine).Serialize(value);
        return json.IsString() ? JsonNode.Parse(json.AsString()) : null;
    }
}
