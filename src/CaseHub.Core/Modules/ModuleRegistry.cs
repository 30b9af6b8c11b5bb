namespace CaseHub.Core.Modules;

/// <summary>The modules the host composed, in registration order.</summary>
public sealed class ModuleRegistry(IEnumerable<ICaseHubModule> modules)
{
    public IReadOnlyList<ICaseHubModule> All { get; } = modules.ToList();

    public ICaseHubModule? Find(string id) => All.FirstOrDefault(m => m.Manifest.Id == id);
}
