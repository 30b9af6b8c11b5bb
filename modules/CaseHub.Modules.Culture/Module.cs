using CaseHub.Core.Modules;

namespace CaseHub.Modules.Culture;

/// <summary>Culture (精神文化): its service items are in <c>Catalog.json</c>.</summary>
public sealed class CultureModule : CaseHubModule
{
    public override ModuleManifest Manifest { get; } = new("culture", "精神文化", "Culture", "1.0.0");
}
