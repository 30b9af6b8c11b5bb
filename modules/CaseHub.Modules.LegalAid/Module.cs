using CaseHub.Core.Modules;

namespace CaseHub.Modules.LegalAid;

/// <summary>Legal aid (法律援助): its service items are in <c>Catalog.json</c>.</summary>
public sealed class LegalAidModule : CaseHubModule
{
    public override ModuleManifest Manifest { get; } = new("legalaid", "法律援助", "Legal aid", "1.0.0");
}
