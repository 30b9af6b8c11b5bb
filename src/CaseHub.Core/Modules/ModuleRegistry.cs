using CaseHub.Core.Catalog;

namespace CaseHub.Core.Modules;

/// <summary>The modules the host composed, in registration order.</summary>
public sealed class ModuleRegistry(IEnumerable<ICaseHubModule> modules)
{
    public IReadOnlyList<ICaseHubModule> All { get; } = modules.ToList();

    public ICaseHubModule? Find(string id) => All.FirstOrDefault(m => m.Manifest.Id == id);

    /// <summary>
    /// The workflow a new item of <paramref name="function"/> starts with: the one the module's catalogue gives
    /// all its items of that approval mode, else the shared one for the mode.
    /// </summary>
    public string DefaultWorkflow(string function, bool needsApproval)
    {
        var declared = Find(function)?.ServiceItems.Where(i => i.NeedsApproval == needsApproval).Select(i => i.Workflow).Distinct().ToList();
        return declared is [var only] ? only : SharedWorkflows.For(needsApproval);
    }

    /// <summary>Every workflow some catalogue item names: a seeded item still on one of these follows its own catalogue.</summary>
    public IReadOnlySet<string> CatalogueWorkflows() => All.SelectMany(m => m.ServiceItems).Select(i => i.Workflow).ToHashSet();
}
