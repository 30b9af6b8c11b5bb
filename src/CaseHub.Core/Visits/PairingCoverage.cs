using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Visits;

/// <summary>
/// How a pairing's month went: the department's visits recorded <see cref="VisitStatus.Done"/> on the island, by the
/// visit's day (China calendar), against the target. The monthly check raises one <see cref="PairingAlert"/> per pairing
/// and month that fell short; the unique (pairing, month) key makes any number of runs, on any number of hosts, raise one.
/// </summary>
public sealed class PairingCoverage(CaseHubDbContext db, TimeProvider clock, ILogger<PairingCoverage> logger)
{
    public static async Task<List<CoverageRow>> ForMonthAsync(CaseHubDbContext db, IQueryable<Pairing> pairings, VisitMonth month, CancellationToken ct)
    {
        var (start, end) = (month.Start, month.End);
        var rows = await (from p in pairings
                          select new
                          {
                              Pairing = p,
                              Done = (from v in db.Set<Visit>()
                                      join plan in db.Set<VisitPlan>() on v.PlanId equals plan.Id
                                      where plan.ProviderId == p.ProviderId && plan.JurisdictionId == p.JurisdictionId
                                            && v.Status == VisitStatus.Done && v.ScheduledFor >= start && v.ScheduledFor < end
                                      select v.Id).Count(),
                          }).AsNoTracking().ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Pairing.JurisdictionId, StringComparer.Ordinal).ThenBy(r => r.Pairing.ProviderId, StringComparer.Ordinal)
            .Select(r => new CoverageRow(r.Pairing.Id, r.Pairing.JurisdictionId, r.Pairing.ProviderId, r.Pairing.VisitsPerMonth, r.Done,
                r.Done >= r.Pairing.VisitsPerMonth, month.ToString()))];
    }

    /// <summary>Checks the month before the current one (the job runs on the first of each month, and at start).</summary>
    public Task<int> CheckPastMonthAsync(CancellationToken ct = default) => CheckMonthAsync(VisitMonth.Of(clock.GetUtcNow()).Previous, ct);

    /// <summary>Raises an alert for each pairing below target in <paramref name="month"/> that has none yet; returns how many this call raised.</summary>
    public async Task<int> CheckMonthAsync(VisitMonth month, CancellationToken ct = default)
    {
        var text = month.ToString();
        // A pairing made after the month ended owed nothing for it.
        var end = month.End;
        var owed = db.Set<Pairing>().Where(p => p.CreatedAt < end && !db.Set<PairingAlert>().Any(a => a.PairingId == p.Id && a.Month == text));
        var shortfalls = (await ForMonthAsync(db, owed, month, ct)).Where(r => !r.Met).ToList();
        if (shortfalls.Count == 0) return 0;
        var counties = (await db.Jurisdictions.AsNoTracking().Where(j => j.Kind == JurisdictionKind.County).Select(j => j.Id).ToListAsync(ct)).ToHashSet();
        var islandIds = shortfalls.Select(s => s.JurisdictionId).Distinct().ToList();
        var islands = await db.Jurisdictions.AsNoTracking().Where(j => islandIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
        var raised = 0;
        foreach (var s in shortfalls)
        {
            var island = islands[s.JurisdictionId];
            db.Set<PairingAlert>().Add(new PairingAlert
            {
                PairingId = s.PairingId, Month = text, JurisdictionId = island.LineageIds.FirstOrDefault(counties.Contains) ?? island.Id,
                Target = s.Target, Done = s.Done, CreatedAt = clock.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(ct);
                raised++;
                logger.LogInformation("Pairing {Pairing} fell short in {Month}: {Done} of {Target} visits", s.PairingId, text, s.Done, s.Target);
            }
            catch (DbUpdateException)
            {
                // Another host raised it first: the unique key kept one.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return raised;
    }
}
