using System.Security.Cryptography;
using System.Text;
using CaseHub.Core.Cases;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using CaseHub.Core.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Visits;

/// <summary>
/// Makes a plan's visits: every occurrence of its cron after <see cref="VisitPlan.LastOccurrenceAt"/> up to now
/// becomes one <see cref="Visit"/> and one ticket (channel <c>visit</c>, the visit workflow, dispatched straight to the
/// plan's provider). Each occurrence commits on its own, its visit row inserted first: the unique (plan, occurrence)
/// key lets one host make it and turns every other attempt (a second host, a Hangfire retry, a misfire the catch-up
/// already made) into a no-op. Run it in a DI scope of its own, as the Hangfire job does.
/// </summary>
public sealed class VisitMaker(CaseHubDbContext db, CatalogQuery catalog, TicketIntake intake, TimeProvider clock, ILogger<VisitMaker> logger)
{
    public const string Actor = "system:visits";
    public const string Channel = "visit";
    public const string Workflow = "casehub.visit";

    /// <summary>A per-minute plan down for a day has 1,440 occurrences; more than this wait for the next run.</summary>
    public const int MaxPerRun = 2000;

    /// <summary>Makes the plan's missed and due occurrences; returns how many visits this call made.</summary>
    public async Task<int> CatchUpAsync(Guid planId, CancellationToken ct = default)
    {
        var plan = await db.Set<VisitPlan>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null || plan.Paused) return 0;
        var schedule = VisitSchedule.Of(plan);
        var due = schedule.Between(plan.LastOccurrenceAt, clock.GetUtcNow()).Take(MaxPerRun).ToList();
        if (due.Count == 0) return 0;

        var island = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == plan.JurisdictionId, ct);
        var (_, item) = await catalog.ForOrderAsync(plan.ServiceCode, island, ct);
        if (item is null)
        {
            // The item or its module was switched off on the island: nothing to deliver, so nothing is made (nor owed later).
            logger.LogWarning("Visit plan {Plan}: {Service} is switched off at {Island}; {Count} occurrence(s) skipped", plan.Id, plan.ServiceCode, island.Id, due.Count);
            await AdvanceAsync(plan.Id, due[^1], ct);
            return 0;
        }
        item.ProviderId = plan.ProviderId; // untracked: the visit workflow dispatches to the plan's provider, not the item's
        var resident = await IslandResidentAsync(island, ct);

        var made = 0;
        foreach (var at in due)
        {
            try
            {
                if (await MakeAsync(plan, at, item, resident, island, ct)) made++;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return made;
    }

    private async Task<bool> MakeAsync(VisitPlan plan, DateTimeOffset at, ServiceItem item, Guid resident, Jurisdictions.Jurisdiction island, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var visit = new Visit { PlanId = plan.Id, OccurrenceAt = at, ScheduledFor = at, CreatedAt = clock.GetUtcNow() };
        db.Set<Visit>().Add(visit);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await MadeElsewhereAsync(plan.Id, at, ct)) return false; // another host or run made this occurrence
            throw;
        }

        var order = new PlaceOrder(plan.ServiceCode, plan.JurisdictionId, Channel, null, null, null);
        var (ticket, _) = await intake.PlaceAsync(new TicketIntake.Order(order, item, resident, Actor, null, "", island, Workflow), ct);
        visit.TicketId = ticket.Id;
        await db.SaveChangesAsync(ct);
        await AdvanceAsync(plan.Id, at, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Visit plan {Plan} made visit {Visit} for {At:O} with ticket {Ticket}", plan.Id, visit.Id, at, ticket.Number);
        return true;
    }

    /// <summary>Whether the failed insert lost to another maker of the same occurrence (rather than failing for another reason).</summary>
    private async Task<bool> MadeElsewhereAsync(Guid planId, DateTimeOffset at, CancellationToken ct)
    {
        // PostgreSQL refuses further statements in a transaction that saw an error, so look in a fresh one.
        await db.Database.RollbackTransactionAsync(ct);
        db.ChangeTracker.Clear();
        return await db.Set<Visit>().AnyAsync(v => v.PlanId == planId && v.OccurrenceAt == at, ct);
    }

    /// <summary>Moves the plan's mark forward only (runs may finish out of order).</summary>
    private Task<int> AdvanceAsync(Guid planId, DateTimeOffset at, CancellationToken ct) =>
        db.Set<VisitPlan>().Where(p => p.Id == planId && p.LastOccurrenceAt < at)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastOccurrenceAt, at), ct);

    /// <summary>
    /// A visit serves the island, not one person, yet every ticket has a resident: the island's collective record
    /// ("白沙岛居民（上岛服务）"). Its number starts with 0, which no mobile number does, so it never meets a real resident;
    /// the people served are written on the ticket when the visit is recorded.
    /// </summary>
    private async Task<Guid> IslandResidentAsync(Jurisdictions.Jurisdiction island, CancellationToken ct)
    {
        var phone = CollectivePhone(island.Id);
        if (await db.Set<Resident>().Where(r => r.Phone == phone).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(ct) is { } id) return id;
        var resident = new Resident { Name = $"{island.Name}居民（上岛服务）", Phone = phone, CreatedAt = clock.GetUtcNow() };
        db.Set<Resident>().Add(resident);
        try
        {
            await db.SaveChangesAsync(ct);
            return resident.Id;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another host created it first
            return await db.Set<Resident>().Where(r => r.Phone == phone).Select(r => r.Id).SingleAsync(ct);
        }
    }

    public static string CollectivePhone(string islandId)
    {
        var hash = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(islandId)));
        return "0" + (hash % 10_000_000_000UL).ToString("D10");
    }
}
