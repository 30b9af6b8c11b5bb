using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Catalog;
using CaseHub.Core.Residents;
using CaseHub.Core.Text;

namespace CaseHub.Core.Cases;

public sealed record OrderResident(string? Name, string? Phone, string? IdNumber);
public sealed record OrderProxy(string? Name, string? Relation);

/// <summary>An order of a service for a resident, as a channel or station staff sends it (every field may be missing: it is checked here).</summary>
public sealed record PlaceOrder(string? ServiceCode, string? JurisdictionId, string? Channel, OrderResident? Resident,
    OrderProxy? Proxy, JsonElement? Form);

public sealed record TicketCreated(Guid Id, string Number, string Status, string? WorkflowInstanceId);

/// <summary>Checks of an order that need no database: its own fields, and the form against the item's schema.</summary>
public static class OrderValidation
{
    /// <summary>The header a channel's order carries, so its own retries make one ticket.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string StationProxy = "station_proxy";
    public static readonly string[] Channels = ["miniprogram", "official_account", "hotline", "kiosk", "social_org", StationProxy, "web"];
    public const int MaxTextLength = 2000;

    public static Dictionary<string, string[]> CheckRequest(PlaceOrder r)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.ServiceCode)) errors["serviceCode"] = ["请指定服务事项 / serviceCode is required"];
        if (string.IsNullOrWhiteSpace(r.JurisdictionId)) errors["jurisdictionId"] = ["请指定辖区 / jurisdictionId is required"];
        if (r.Channel is null || !Channels.Contains(r.Channel)) errors["channel"] = [$"须为以下之一 / must be one of: {string.Join(", ", Channels)}"];
        if (r.Resident is null) errors["resident"] = ["请填写居民信息 / resident is required"];
        if (r.Channel == StationProxy)
        {
            if (string.IsNullOrWhiteSpace(r.Proxy?.Name) || r.Proxy.Name.Length > 100) errors["proxy.name"] = ["代办须填写代办人姓名（最多 100 字）/ a station_proxy order needs proxy.name (at most 100 characters)"];
            if (string.IsNullOrWhiteSpace(r.Proxy?.Relation) || r.Proxy.Relation.Length > 50) errors["proxy.relation"] = ["代办须填写与居民的关系（最多 50 字）/ a station_proxy order needs proxy.relation (at most 50 characters)"];
            PlainText.OneLine(r.Proxy?.Name, "proxy.name", errors);
            PlainText.OneLine(r.Proxy?.Relation, "proxy.relation", errors);
        }
        if (r.Form is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
            errors["form"] = ["表单须为对象 / form must be an object"];
        return errors;
    }

    /// <summary>Every problem of the form against the item's schema, keyed <c>form.&lt;field&gt;</c>: missing required fields, wrong types, unknown fields.</summary>
    public static Dictionary<string, string[]> CheckForm(JsonElement? form, string schemaJson)
    {
        var schema = JsonSerializer.Deserialize<FormSchema>(schemaJson, JsonSerializerOptions.Web)?.Fields ?? [];
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (form is { ValueKind: JsonValueKind.Object } obj)
            foreach (var p in obj.EnumerateObject()) values[p.Name] = p.Value;

        var errors = new Dictionary<string, string[]>();
        foreach (var name in values.Keys.Where(n => schema.All(f => f.Name != n)))
            errors[$"form.{name}"] = [$"表单中没有此字段 / '{name}' is not a field of this form"];
        foreach (var field in schema.Where(f => f.Name is not null))
        {
            var present = values.TryGetValue(field.Name!, out var value) && value.ValueKind != JsonValueKind.Null;
            if (!present)
            {
                if (field.Required == true) errors[$"form.{field.Name}"] = [$"请填写“{field.Label}” / {field.Name} is required"];
                continue;
            }
            if (CheckValue(field, value) is { } problem) errors[$"form.{field.Name}"] = [problem];
        }
        return errors;
    }

    private static string? CheckValue(FormField field, JsonElement value) => field.Type switch
    {
        "text" => value.ValueKind != JsonValueKind.String || value.GetString()!.Length > MaxTextLength
            ? $"须为不超过 {MaxTextLength} 字的文本 / must be text of at most {MaxTextLength} characters"
            : PlainText.Check(value.GetString(), multiLine: true)?.ToString(),
        "number" => value.ValueKind == JsonValueKind.Number ? null : "须为数字 / must be a number",
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "须为 true 或 false / must be true or false",
        "date" => value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null : "须为日期，格式 yyyy-MM-dd / must be a date as yyyy-MM-dd",
        "phone" => value.ValueKind == JsonValueKind.String && ResidentInput.NormalisePhone(value.GetString()) is not null
            ? null : "须为 11 位大陆手机号 / must be an 11-digit mainland mobile number",
        "select" => value.ValueKind == JsonValueKind.String && (field.Options ?? []).Contains(value.GetString()!)
            ? null : $"须为以下之一 / must be one of: {string.Join(", ", field.Options ?? [])}",
        _ => $"表单字段类型未知 / the form's field type '{field.Type}' is unknown",
    };

    /// <summary>
    /// SHA-256 of the body with object members sorted by name: the same order sent with its members in
    /// another sequence, or with other whitespace, is the same request for idempotency.
    /// </summary>
    public static string Hash(PlaceOrder r)
    {
        var canonical = Canonical(JsonSerializer.SerializeToNode(r, JsonSerializerOptions.Web));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical?.ToJsonString() ?? "null")));
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
