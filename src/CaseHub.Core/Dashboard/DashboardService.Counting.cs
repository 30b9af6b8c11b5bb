using CaseHub.Core.Cases;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Dashboard;

// How the views count: the scope a caller's query resolves to, one row shape (Fact) every count is grouped from, the
// grouping by place, provider or item in the database, and the names the groups are shown with.

/// <summary>A counted thing (a ticket, a closing, a rating, a task) with what it may be grouped by and its 0/1 hit or its value.</summary>
internal sealed class Fact
{
    public string Place { get; init; } = "";
    public string? Provider { get; init; }
    public string Service { get; init; } = "";
    public int Hit { get; init; }
}

/// <summary>A status move with its ticket.</summary>
internal sealed class Move
{
    public TicketEvent Event { get; init; } = null!;
    public Ticket Ticket { get; init; } = null!;
}

public sealed partial class DashboardService
{
    /// <summary>The caller's scope for the query: role, period (the query's, or the <paramref name="days"/> a view chose), function and place checked, in that order.</summary>
    private async Task<CaseResult<DashboardScope>> ScopeAsync(Actor actor, DashboardQuery query, CancellationToken ct, (DateOnly First, DateOnly Last)? days = null)
    {
        if (DashboardScope.WhyNot(actor) is { } forbidden) return forbidden;
        var (first, last) = days ?? default;
        if (days is null && DashboardScope.ReadPeriod(query, time, out first, out last) is { } badPeriod) return badPeriod;
        if (DashboardScope.CheckFunction(query.Function, modules) is { } badFunction) return badFunction;
        if (await visibility.AreaAsync(actor, ct) is not { } area) return CaseResults.NotFound("jurisdiction", actor.HomeJurisdictionId);

        var root = area;
        var tickets = visibility.Tickets(actor, area);
        if (query.JurisdictionId is { Length: > 0 } placeId && placeId != area.Id)
        {
            // As in the ticket list: a place outside the caller's area does not exist for them.
            var place = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Id == placeId, ct);
            if (place is null || !place.IsWithin(area.Id)) return CaseResults.NotFound("jurisdiction", placeId);
            root = place;
            tickets = from t in tickets join j in db.Jurisdictions.Within(place) on t.JurisdictionId equals j.Id select t;
        }
        tickets = DashboardScope.OfFunction(tickets, db.ServiceItems, query.Function);
        var places = await db.Jurisdictions.Within(area).AsNoTracking().ToDictionaryAsync(j => j.Id, ct);
        return CaseResults.Done(new DashboardScope(root, tickets, places, first, last, DashboardScope.DayStarts(first), DashboardScope.DayStarts(last.AddDays(1))));
    }

    /// <summary>Counts and sums of hits by the natural key of <paramref name="groupBy"/> (place, provider, item); rows without a provider are left out of "provider".</summary>
    private static async Task<Dictionary<string, (int Count, int Hits)>> Count(IQueryable<Fact> facts, string groupBy, CancellationToken ct)
    {
        var grouped = groupBy switch
        {
            "provider" => facts.Where(f => f.Provider != null).GroupBy(f => f.Provider!),
            "service" => facts.GroupBy(f => f.Service),
            _ => facts.GroupBy(f => f.Place),
        };
        var rows = await grouped.Select(g => new { g.Key, Count = g.Count(), Hits = g.Sum(f => f.Hit) }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => (r.Count, r.Hits));
    }

    /// <summary>Counts by place rolled up to the county each place lies in (a place above the counties counts as itself).</summary>
    private static Dictionary<string, (int Count, int Hits)> ToCounties(DashboardScope scope, Dictionary<string, (int Count, int Hits)> byPlace)
    {
        var byCounty = new Dictionary<string, (int Count, int Hits)>();
        foreach (var (place, (count, hits)) in byPlace)
        {
            var county = scope.AncestorOf(place, JurisdictionKind.County)?.Id ?? place;
            var sum = byCounty.GetValueOrDefault(county);
            byCounty[county] = (sum.Count + count, sum.Hits + hits);
        }
        return byCounty;
    }

    private async Task<Dictionary<string, string>> ServiceNamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        var items = await db.ServiceItems.AsNoTracking().Where(i => list.Contains(i.Code)).Select(i => new { i.Code, i.Name }).ToListAsync(ct);
        return items.GroupBy(i => i.Code).ToDictionary(g => g.Key, g => g.First().Name);
    }

    private async Task<Dictionary<string, string>> ProviderNamesAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Providers.AsNoTracking().Where(p => list.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }
}
