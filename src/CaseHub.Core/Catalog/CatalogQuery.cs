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

        var effective = items.GroupBy(i => i.Code).Select(g => g.MaxBy(i => place.DepthOf(i.ScopeJurisdictionId))!)
            .Where(item => Apply(item, byItem[item.Id]));
        return effective.OrderBy(i => i.Function, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The item a code means at a place (<c>Item</c>, null when unknown there) and, with the overrides applied,
    /// what it is there (<c>Effective</c>, null when its module or the item is switched off). For one order this
    /// reads three small queries, not the whole catalogue; the items are not tracked, so applying overrides changes no row.
    /// </summary>
    public async Task<(ServiceItem? Item, ServiceItem? Effective)> ForOrderAsync(string code, Jurisdiction place, CancellationToken ct = default)
    {
        var lineage = place.LineageIds;
        var candidates = await db.ServiceItems.AsNoTracking().Where(i => i.Code == code && lineage.Contains(i.ScopeJurisdictionId)).ToListAsync(ct);
        var item = candidates.MaxBy(i => place.DepthOf(i.ScopeJurisdictionId));
        if (item is null) return (null, null);
        if (!(await access.EnabledModulesAsync(place, ct)).Contains(item.Function)) return (item, null);
        var overrides = await db.Set<ItemOverride>().AsNoTracking()
            .Where(o => o.ItemId == item.Id && lineage.Contains(o.JurisdictionId))
            .ToListAsync(ct);
        return (item, Apply(item, overrides.OrderBy(o => place.DepthOf(o.JurisdictionId))) ? item : null);
    }

    /// <summary>Applies the overrides, ancestors first so the nearest is applied last; false when they switch the item off.</summary>
    private static bool Apply(ServiceItem item, IEnumerable<ItemOverride> overrides)
    {
        var on = true;
        foreach (var o in overrides)
        {
            on = o.Enabled ?? on;
            item.SlaHours = o.SlaHours ?? item.SlaHours;
            item.WorkflowDefinitionId = o.WorkflowDefinitionId ?? item.WorkflowDefinitionId;
            item.ProviderId = o.ProviderId ?? item.ProviderId;
        }
        return on;
    }

    /// <summary>The item a code means at a place (the nearest scope), whether or not it is switched on there.</summary>
    public async Task<ServiceItem?> FindAsync(string code, Jurisdiction place, CancellationToken ct = default)
    {
        var lineage = place.LineageIds;
        var candidates = await db.ServiceItems.Where(i => i.Code == code && lineage.Contains(i.ScopeJurisdictionId)).ToListAsync(ct);
        return candidates.MaxBy(i => place.DepthOf(i.ScopeJurisdictionId));
    }
}
