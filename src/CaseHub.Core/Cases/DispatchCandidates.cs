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
        // One query: the named providers and every provider that delivers the item and serves the place, with the
        // served jurisdictions on the place's lineage (to rank the nearest first).
        var rows = await db.Providers.AsNoTracking()
            .Where(p => p.Accreditation == Contracted
                && (wanted.Contains(p.Id)
                    || (db.Set<ProviderService>().Any(s => s.ProviderId == p.Id && s.ServiceCode == serviceCode)
                        && (lineage.Contains(p.JurisdictionId)
                            || db.Set<ProviderJurisdiction>().Any(l => l.ProviderId == p.Id && lineage.Contains(l.JurisdictionId))))))
            .Select(p => new
            {
                Provider = p,
                Served = db.Set<ProviderJurisdiction>().Where(l => l.ProviderId == p.Id && lineage.Contains(l.JurisdictionId)).Select(l => l.JurisdictionId).ToList(),
            })
            .ToListAsync(ct);
        int Nearest(string jurisdictionId, List<string> served) => served.Select(place.DepthOf).Append(place.DepthOf(jurisdictionId)).Max();

        return
        [
            .. rows.Where(r => wanted.Contains(r.Provider.Id)).OrderBy(r => wanted.IndexOf(r.Provider.Id)).Select(r => r.Provider),
            .. rows.Where(r => !wanted.Contains(r.Provider.Id)).OrderByDescending(r => Nearest(r.Provider.JurisdictionId, r.Served))
                .ThenBy(r => r.Provider.Id, StringComparer.Ordinal).Select(r => r.Provider),
        ];
    }

    /// <summary>Whether a provider may be given work at all (a county officer's explicit choice is checked against this).</summary>
    public static Task<bool> IsContractedAsync(CaseHubDbContext db, string providerId, CancellationToken ct = default) =>
        db.Providers.AnyAsync(p => p.Id == providerId && p.Accreditation == Contracted, ct);
}
