using CaseHub.Core.Modules;

namespace CaseHub.Modules.Relief;

/// <summary>Relief (社会救助): its service items are in <c>Catalog.json</c>.</summary>
public sealed class ReliefModule : CaseHubModule
{
    public override ModuleManifest Manifest { get; } = new("relief", "社会救助", "Relief", "1.0.0");
}
