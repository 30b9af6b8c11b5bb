using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Logging;

namespace CaseHub.Core.Audit;

/// <summary>
/// An entry's data as JSON with every phone and ID number masked. Each string and number is masked
/// on its own, before serialisation, so JSON escaping cannot hide a number from the mask.
/// </summary>
internal static class AuditData
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? Serialize(object? data) =>
        data is null ? null : Mask(JsonSerializer.SerializeToNode(data, Options))?.ToJsonString(Options);

    private static JsonNode? Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList()) o[key] = Mask(value?.DeepClone());
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) a[i] = Mask(a[i]?.DeepClone());
                return a;
            case JsonValue v when v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number:
                var text = v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
                var masked = PersonalData.Mask(text);
                return masked == text ? v : JsonValue.Create(masked);
            default:
                return node;
        }
    }
}
