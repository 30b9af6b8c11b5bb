using CaseHub.Core.Modules;

namespace CaseHub.Modules.Convenience;

/// <summary>Convenience services (便民服务): its service items are in <c>Catalog.json</c>.</summary>
public sealed class ConvenienceModule : CaseHubModule
{
    public override ModuleManifest Manifest { get; } = new("convenience", "便民服务", "Convenience services", "1.0.0");
}
