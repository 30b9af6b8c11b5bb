using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaseHub.Core.Modules;

/// <summary>
/// One catalogue entry as a module ships it. The facts (name, mode, provider, source) come from the
/// programme's source documents; <see cref="Source"/> keeps the quotation they were taken from.
/// <see cref="Workflow"/> is the definition the item runs until an administrator chooses another.
/// </summary>
public sealed record ServiceItemSeed(
    string Code,
    string Function,
    [property: JsonPropertyName("name_zh")] string Name,
    [property: JsonPropertyName("name_en")] string NameEn,
    string Mode,
    [property: JsonPropertyName("needs_approval")] bool NeedsApproval,
    string Workflow,
    [property: JsonPropertyName("provider_kind")] string ProviderKind,
    string Provider,
    string Source,
    string? Notes = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the module's embedded <c>Catalog.json</c>; every item must belong to <paramref name="function"/>.</summary>
    public static IReadOnlyList<ServiceItemSeed> LoadEmbedded(Assembly assembly, string function)
    {
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("Catalog.json", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Module assembly {assembly.GetName().Name} has no embedded Catalog.json.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        var items = JsonSerializer.Deserialize<List<ServiceItemSeed>>(stream, Json) ?? [];
        var stray = items.FirstOrDefault(i => i.Function != function);
        if (stray is not null)
            throw new InvalidOperationException($"Catalogue item {stray.Code} in {assembly.GetName().Name} belongs to '{stray.Function}', not '{function}'.");
        var unrouted = items.FirstOrDefault(i => string.IsNullOrWhiteSpace(i.Workflow));
        if (unrouted is not null)
            throw new InvalidOperationException($"Catalogue item {unrouted.Code} in {assembly.GetName().Name} names no workflow; add \"workflow\": \"<definitionId>\".");
        return items;
    }
}
