using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Providers;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Cases;

/// <summary>
/// Who may receive a ticket: contracted providers only. First the ones the order names (an explicit
/// choice, then the item's provider for that place — the county's override or the item's own), then
/// every other contracted provider that delivers the item and serves the place, nearest first.
/// </summary>
public static class DispatchCandidates
{
    public const string Contracted = "contracted";

    public static async Task<IReadOnlyList<Provider>> ForAsync(CaseHubDbContext db, Jurisdiction place, string serviceCode,
        IEnumerable<string?> preferred, CancellationToken ct = default)
    {
        var lineage = place.LineageIds;
        var wanted = preferred.OfType<string>().Distinct().ToList();
        var named = await db.Providers.AsNoTracking().Where(p => wanted.Contains(p.Id) && p.Accreditation == Contracted).ToListAsync(ct);
        var serving = await db.Providers.AsNoTracking()
            .Where(p => p.Accreditation == Contracted
                && db.Set<ProviderService>().Any(s => s.ProviderId == p.Id && s.ServiceCode == serviceCode)
                && (lineage.Contains(p.JurisdictionId)
                    || db.Set<ProviderJurisdiction>().Any(l => l.ProviderId == p.Id && lineage.Contains(l.JurisdictionId))))
            .ToListAsync(ct);
        var served = await db.Set<ProviderJurisdiction>().AsNoTracking()
            .Where(l => lineage.Contains(l.JurisdictionId)).Select(l => new { l.ProviderId, l.JurisdictionId }).ToListAsync(ct);
        int Nearest(Provider p) => served.Where(l => l.ProviderId == p.Id).Select(l => place.DepthOf(l.JurisdictionId))
            .Append(place.DepthOf(p.JurisdictionId)).Max();

        return
        [
            .. named.OrderBy(p => wanted.IndexOf(p.Id)),
            .. serving.Where(p => !wanted.Contains(p.Id)).OrderByDescending(Nearest).ThenBy(p => p.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>Whether a provider may be given work at all (a county officer's explicit choice is checked against this).</summary>
    public static Task<bool> IsContractedAsync(CaseHubDbContext db, string providerId, CancellationToken ct = default) =>
        db.Providers.AnyAsync(p => p.Id == providerId && p.Accreditation == Contracted, ct);
}
