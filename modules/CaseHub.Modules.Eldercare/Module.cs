using CaseHub.Core.Modules;

namespace CaseHub.Modules.Eldercare;

/// <summary>Elder care (养老服务): its service items are in <c>Catalog.json</c>.</summary>
public sealed class EldercareModule : CaseHubModule
{
    public override ModuleManifest Manifest { get; } = new("eldercare", "养老服务", "Elder care", "1.0.0");
}
