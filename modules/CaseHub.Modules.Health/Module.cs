using CaseHub.Core.Modules;

namespace CaseHub.Modules.Health;

/// <summary>Health (卫生健康): its service items are in <c>Catalog.json</c>.</summary>
public sealed class HealthModule : CaseHubModule
{
    public override ModuleManifest Manifest { get; } = new("health", "卫生健康", "Health", "1.0.0");
}
