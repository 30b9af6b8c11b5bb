using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Definitions;

/// <summary>Typed property access that fails with the JSON path of the property, for <see cref="WorkflowJson"/>.</summary>
internal static class JsonRead
{
    public static string? OptionalString(JsonObject json, string property, string path) => json[property] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new WorkflowFormatException($"{path}.{property}", "must be a string."),
    };

    public static string RequiredString(JsonObject json, string property, string path)
    {
        var value = OptionalString(json, property, path);
        return string.IsNullOrWhiteSpace(value) ? throw new WorkflowFormatException($"{path}.{property}", "is required.") : value;
    }

    public static int? OptionalInt(JsonObject json, string property, string path) => json[property] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var i) => i,
        _ => throw new WorkflowFormatException($"{path}.{property}", "must be a whole number."),
    };

    /// <summary>The array under <paramref name="property"/>; a missing or null property is an empty list.</summary>
    public static JsonArray OptionalArray(JsonObject json, string property, string path) => json[property] switch
    {
        null => [],
        JsonArray array => array,
        _ => throw new WorkflowFormatException($"{path}.{property}", "must be an array."),
    };
}
