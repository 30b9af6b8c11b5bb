using System.Text.Json;
using System.Text.RegularExpressions;
using CaseHub.Core.Modules;
using CaseHub.Core.Text;

namespace CaseHub.Core.Catalog;

/// <summary>Field-by-field checks of catalogue requests; every problem is reported at once, keyed by its JSON field.</summary>
public static partial class CatalogValidation
{
    public static readonly string[] Modes = ["scheduled", "on_demand", "both"];
    public static readonly string[] FieldTypes = ["text", "number", "date", "select", "phone", "boolean"];
    public const int MaxSlaHours = 2000;

    [GeneratedRegex("^[a-z][a-z0-9_.-]{2,63}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    private static partial Regex FieldNamePattern();

    public static Dictionary<string, string[]> Check(CreateItemRequest r, ModuleRegistry modules)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.Code is null || !CodePattern().IsMatch(r.Code))
            errors["code"] = ["编码须为 3–64 位小写字母、数字、点、下划线或连字符 / code must be 3–64 lowercase letters, digits, '.', '_' or '-'"];
        if (r.Function is null || modules.Find(r.Function) is null)
            errors["function"] = [$"须为以下之一 / must be one of: {string.Join(", ", modules.All.Select(m => m.Manifest.Id))}"];
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 100) errors["name"] = ["名称必填，最多 100 字 / name is required, at most 100 characters"];
        if (r.NameEn is { Length: > 200 }) errors["nameEn"] = ["at most 200 characters"];
        PlainText.OneLine(r.Name, "name", errors);
        PlainText.OneLine(r.NameEn, "nameEn", errors);
        if (r.Mode is null || !Modes.Contains(r.Mode)) errors["mode"] = [$"须为 / must be one of: {string.Join(", ", Modes)}"];
        if (string.IsNullOrWhiteSpace(r.ScopeJurisdictionId)) errors["scopeJurisdictionId"] = ["必填 / required"];
        if (r.NeedsApproval is null) errors["needsApproval"] = ["必须为 true 或 false / must be true or false"];
        if (r.SlaHours is null || r.SlaHours <= 0 || r.SlaHours > MaxSlaHours) errors["slaHours"] = [$"须为 1–{MaxSlaHours} 的工作小时数 / working hours between 1 and {MaxSlaHours}"];
        CheckSchema(r.FormSchema, errors);
        return errors;
    }

    public static Dictionary<string, string[]> Check(OverrideRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r is { Enabled: null, SlaHours: null, WorkflowDefinitionId: null, ProviderId: null })
            errors["body"] = ["至少设置一项 / set at least one of enabled, slaHours, workflowDefinitionId, providerId"];
        if (r.SlaHours is <= 0 or > MaxSlaHours) errors["slaHours"] = [$"须为 1–{MaxSlaHours} / between 1 and {MaxSlaHours}"];
        return errors;
    }

    private static void CheckSchema(FormSchema? schema, Dictionary<string, string[]> errors)
    {
        if (schema?.Fields is null) { errors["formSchema.fields"] = ["表单字段必填（可为空列表）/ formSchema.fields is required (may be empty)"]; return; }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var f = schema.Fields[i];
            var at = $"formSchema.fields[{i}]";
            if (f.Name is null || !FieldNamePattern().IsMatch(f.Name)) errors[$"{at}.name"] = ["字段名须为字母开头的字母数字 / name must be letters and digits, starting with a letter"];
            else if (!names.Add(f.Name)) errors[$"{at}.name"] = [$"字段名重复 / duplicate field name '{f.Name}'"];
            if (string.IsNullOrWhiteSpace(f.Label)) errors[$"{at}.label"] = ["标签必填 / label is required"];
            if (f.Type is null || !FieldTypes.Contains(f.Type)) errors[$"{at}.type"] = [$"须为 / must be one of: {string.Join(", ", FieldTypes)}"];
            if (f.Type == "select" && (f.Options is null || f.Options.Count == 0 || f.Options.Any(string.IsNullOrWhiteSpace)))
                errors[$"{at}.options"] = ["下拉字段须提供选项 / a select field needs its options"];
        }
    }

    public static string Serialize(FormSchema schema) => JsonSerializer.Serialize(new
    {
        fields = schema.Fields!.Select(f => new { name = f.Name, label = f.Label, type = f.Type, required = f.Required ?? false, options = f.Type == "select" ? f.Options : null }),
    }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
}
