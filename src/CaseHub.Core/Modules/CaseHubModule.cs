namespace CaseHub.Core.Modules;

/// <summary>
/// Base for modules that embed their catalogue as <c>Catalog.json</c> next to their <c>Module.cs</c>, and
/// the workflows only they use under <c>Workflows/</c>.
/// </summary>
public abstract class CaseHubModule : ICaseHubModule
{
    private IReadOnlyList<ServiceItemSeed>? _items;
    private IReadOnlyList<ModuleWorkflow>? _workflows;

    public abstract ModuleManifest Manifest { get; }

    public IReadOnlyList<ServiceItemSeed> ServiceItems => _items ??= ServiceItemSeed.LoadEmbedded(GetType().Assembly, Manifest.Id);

    public IReadOnlyList<ModuleWorkflow> Workflows => _workflows ??= ModuleWorkflow.LoadEmbedded(GetType().Assembly);
}
