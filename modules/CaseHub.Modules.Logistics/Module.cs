using CaseHub.Core.Modules;

namespace CaseHub.Modules.Logistics;

/// <summary>Goods & logistics (商品物流): its service items are in <c>Catalog.json</c>.</summary>
public sealed class LogisticsModule : CaseHubModule
{
    public override ModuleManifest Manifest { get; } = new("logistics", "商品物流", "Goods & logistics", "1.0.0");
}
