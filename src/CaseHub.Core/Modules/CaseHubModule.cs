namespace CaseHub.Core.Modules;

/// <summary>Base for modules whose catalogue is an embedded <c>Catalog.json</c> next to their <c>Module.cs</c>.</summary>
public abstract class CaseHubModule : ICaseHubModule
{
    private IReadOnlyList<ServiceItemSeed>? _items;

    public abstract ModuleManifest Manifest { get; }

    public IReadOnlyList<ServiceItemSeed> ServiceItems => _items ??= ServiceItemSeed.LoadEmbedded(GetType().Assembly, Manifest.Id);
}
