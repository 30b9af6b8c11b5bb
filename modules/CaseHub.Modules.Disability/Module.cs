using CaseHub.Core.Modules;

namespace CaseHub.Modules.Disability;

/// <summary>Disability support (助残扶残): its service items are in <c>Catalog.json</c>.</summary>
public sealed class DisabilityModule : CaseHubModule
{
    public override ModuleManifest Manifest { get; } = new("disability", "助残扶残", "Disability support", "1.0.0");
}
