using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Catalog;
using CaseHub.Core.Cases;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CaseHub.Host.Ui;

/// <summary>
/// The order form of the station and kiosk pages: an item's <c>formSchema</c> rendered as fields named
/// <c>form.&lt;field&gt;</c>, read back into the JSON the case facade checks. Nothing is judged here — a
/// number that does not parse is sent as typed, so the facade's own message explains it.
/// </summary>
public static class OrderForm
{
    public const string Prefix = "form.";

    public static IReadOnlyList<FormField> Fields(ServiceItem item) =>
        JsonSerializer.Deserialize<FormSchema>(item.FormSchema, JsonSerializerOptions.Web)?.Fields?.Where(f => f.Name is not null).ToList() ?? [];

    /// <summary>The posted values as the facade's <c>form</c> object; empty fields are left out (so "required" is the facade's to say).</summary>
    public static JsonElement Read(IFormCollection posted, IReadOnlyList<FormField> fields)
    {
        var form = new JsonObject();
        foreach (var field in fields)
        {
            var text = posted[Prefix + field.Name].ToString().Trim();
            if (text.Length == 0) continue;
            // Yes/no is asked as two radio buttons (是 / 否), so an unanswered question stays distinguishable from "no".
            form[field.Name!] = field.Type switch
            {
                "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
                "boolean" when text is "true" or "false" => JsonValue.Create(text == "true"),
                _ => JsonValue.Create(text),
            };
        }
        return JsonSerializer.SerializeToElement(form);
    }

    /// <summary>
    /// The facade's refusal as field errors in the page's language (its messages are "中文 / English"); errors
    /// keep the facade's keys (<c>resident.phone</c>, <c>form.details</c>, <c>proxy.name</c>), which are the fields' names.
    /// </summary>
    public static void AddErrors(ModelStateDictionary state, CaseProblem problem)
    {
        if (problem.Errors is { Count: > 0 } errors)
            foreach (var (key, messages) in errors)
                foreach (var message in messages) state.AddModelError(key, Bilingual.Half(message));
        else state.AddModelError("", Bilingual.Half(problem.Title) + (problem.Detail is { Length: > 0 } d ? "：" + d : ""));
    }

    /// <summary>The first error recorded for a field, or null.</summary>
    public static string? ErrorOf(this ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public static string Posted(this IFormCollection? posted, string key) => posted?[key].ToString() ?? "";
}
