using CaseHub.Core.Cases;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Dashboard;

public sealed partial class DashboardService
{
    /// <summary>
    /// Per island of the scope, for one month (China time): its population, the on-island visits done against the pairings'
    /// target (<see cref="IslandVisits"/>), and the tickets closed on it (closings of tickets placed on the island or its station).
    /// </summary>
    public async Task<CaseResult<IReadOnlyList<IslandCoverage>>> CoverageAsync(Actor actor, DashboardQuery query, CancellationToken ct = default)
    {
        if (DashboardScope.ReadMonth(query.Month, time, out var month) is { } badMonth) return badMonth;
        var read = await ScopeAsync(actor, query, ct, (month, month.AddMonths(1).AddDays(-1)));
        if (read.Value is not { } scope) return new CaseFailure(read.Outcome, read.Problem!);
        var (start, end) = (scope.Start, scope.End);

        var closedByPlace = await Moves(scope.Tickets, TicketStatus.Closed, start, end)
            .GroupBy(m => m.Ticket.JurisdictionId).Select(g => new { Place = g.Key, Count = g.Count() }).ToListAsync(ct);
        var closedByIsland = closedByPlace
            .Select(c => (Island: scope.AncestorOf(c.Place, JurisdictionKind.Island)?.Id, c.Count)).Where(c => c.Island is not null)
            .GroupBy(c => c.Island!).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var islands = scope.Places.Values.Where(p => p.Kind == JurisdictionKind.Island && p.IsWithin(scope.Root.Id)).OrderBy(p => p.Path, StringComparer.Ordinal).ToList();
        var done = await visits.MonthAsync([.. islands.Select(i => i.Id)], month, ct);
        return CaseResults.Done<IReadOnlyList<IslandCoverage>>([.. islands.Select(i =>
        {
            var (visitsDone, visitsTarget) = done.GetValueOrDefault(i.Id);
            return new IslandCoverage(i.Id, i.Name, i.Population, visitsDone, visitsTarget, closedByIsland.GetValueOrDefault(i.Id));
        })]);
    }
}
