using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Catalog;

/// <summary>The effective catalogue of a place: items scoped to it or an ancestor, of modules enabled there.</summary>
public sealed class CatalogQuery(CaseHubDbContext db, ModuleAccess access)
{
    public async Task<IReadOnlyList<ServiceItem>> EffectiveItemsAsync(Jurisdiction place, CancellationToken ct = default)
    {
        var enabled = (await access.EnabledModulesAsync(place, ct)).ToList();
        var lineage = place.LineageIds;
        var items = await db.ServiceItems.AsNoTracking()
            .Where(i => lineage.Contains(i.ScopeJurisdictionId) && enabled.Contains(i.Function))
            .ToListAsync(ct);
        return items.OrderBy(i => i.Function).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
    }
}
