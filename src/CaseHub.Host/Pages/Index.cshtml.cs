using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Modules;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Pages;

/// <summary>The landing page: what CaseHub is, its modules and stations; signed in, the way to one's work pages.</summary>
public sealed class IndexModel(CaseHubDbContext db, ModuleRegistry modules) : PageModel
{
    public sealed record ModuleSummary(string Id, string Name, string NameEn, int ItemCount);

    public IReadOnlyList<ModuleSummary> Modules { get; private set; } = [];
    public int StationCount { get; private set; }
    public int IslandCount { get; private set; }
    public int IslandsWithStation { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var counts = await db.ServiceItems.GroupBy(i => i.Function).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Modules = modules.All.Select(m => new ModuleSummary(m.Manifest.Id, m.Manifest.Name, m.Manifest.NameEn, counts.GetValueOrDefault(m.Manifest.Id))).ToList();
        var stationParents = db.Jurisdictions.Where(j => j.Kind == JurisdictionKind.Station).Select(j => j.ParentId);
        StationCount = await db.Jurisdictions.CountAsync(j => j.Kind == JurisdictionKind.Station, ct);
        IslandCount = await db.Jurisdictions.CountAsync(j => j.Kind == JurisdictionKind.Island, ct);
        IslandsWithStation = await db.Jurisdictions.CountAsync(j => j.Kind == JurisdictionKind.Island && stationParents.Contains(j.Id), ct);
    }
}
