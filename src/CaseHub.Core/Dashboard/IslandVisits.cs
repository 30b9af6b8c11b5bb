using CaseHub.Core.Data;
using CaseHub.Core.Visits;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Dashboard;

/// <summary>
/// The on-island visits of a month per island for the coverage view: visits recorded done on the island (any plan, by
/// the visit's China-time day, as the pairings' coverage counts them), against the sum of the island's pairings (结对)
/// targets that existed in that month.
/// </summary>
public sealed class IslandVisits(CaseHubDbContext db)
{
    /// <summary>(done, target) for each island id given, in the month starting on <paramref name="month"/> (China time).</summary>
    public async Task<IReadOnlyDictionary<string, (int Done, int Target)>> MonthAsync(IReadOnlyList<string> islandIds, DateOnly month, CancellationToken ct = default)
    {
        var period = new VisitMonth(month.Year, month.Month);
        var (start, end) = (period.Start, period.End);
        var done = await (from v in db.Set<Visit>()
                          join plan in db.Set<VisitPlan>() on v.PlanId equals plan.Id
                          where islandIds.Contains(plan.JurisdictionId) && v.Status == VisitStatus.Done && v.ScheduledFor >= start && v.ScheduledFor < end
                          group v by plan.JurisdictionId into g
                          select new { Island = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Island, g => g.Count, ct);
        var targets = await db.Set<Pairing>().Where(p => islandIds.Contains(p.JurisdictionId) && p.CreatedAt < end)
            .GroupBy(p => p.JurisdictionId).Select(g => new { Island = g.Key, Target = g.Sum(p => p.VisitsPerMonth) })
            .ToDictionaryAsync(g => g.Island, g => g.Target, ct);
        return islandIds.Distinct().ToDictionary(id => id, id => (done.GetValueOrDefault(id), targets.GetValueOrDefault(id)));
    }
}
