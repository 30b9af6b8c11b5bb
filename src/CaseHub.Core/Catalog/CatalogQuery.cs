using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Catalog;

/// <summary>
/// The effective catalogue of a place: items scoped to it or an ancestor, of modules enabled there, with
/// the overrides along its lineage applied (nearest wins) and items switched off there removed. Where a
/// county defines an item with the same code as the city, the nearer one is the one residents see.
/// </summary>
public sealed class CatalogQuery(CaseHubDbContext db, ModuleAccess access)
{
    public async Task<IReadOnlyList<ServiceItem>> EffectiveItemsAsync(Jurisdiction place, CancellationToken ct = default)
    {
        var enabled = (await access.EnabledModulesAsync(place, ct)).ToList();
        var lineage = place.LineageIds;
        var items = await db.ServiceItems.AsNoTracking()
            .Where(i => lineage.Contains(i.ScopeJurisdictionId) && enabled.Contains(i.Function))
            .ToListAsync(ct);
        var overrides = await db.Set<ItemOverride>().AsNoTracking()
            .Where(o => lineage.Contains(o.JurisdictionId))
            .ToListAsync(ct);
        var byItem = overrides.OrderBy(o => place.DepthOf(o.JurisdictionId)).ToLookup(o => o.ItemId);

        var effective = new List<ServiceItem>();
        foreach (var item in items.GroupBy(i => i.Code).Select(g => g.MaxBy(i => place.DepthOf(i.ScopeJurisdictionId))!))
        {
            var on = true;
            foreach (var o in byItem[item.Id]) // ancestors first, so the nearest override is applied last
            {
                on = o.Enabled ?? on;
                item.SlaHours = o.SlaHours ?? item.SlaHours;
                item.WorkflowDefinitionId = o.WorkflowDefinitionId ?? item.WorkflowDefinitionId;
                item.ProviderId = o.ProviderId ?? item.ProviderId;
            }
            if (on) effective.Add(item);
        }
        return effective.OrderBy(i => i.Function, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>The item a code means at a place (the nearest scope), whether or not it is switched on there.</summary>
    public async Task<ServiceItem?> FindAsync(string code, Jurisdiction place, CancellationToken ct = default)
    {
        var lineage = place.LineageIds;
        var candidates = await db.ServiceItems.Where(i => i.Code == code && lineage.Contains(i.ScopeJurisdictionId)).ToListAsync(ct);
        return candidates.MaxBy(i => place.DepthOf(i.ScopeJurisdictionId));
    }
}
