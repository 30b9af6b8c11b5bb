using CaseHub.Core.Audit;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Visits;

/// <summary>
/// What happens to a visit that does not take place as planned: moved to another day (by a person, or by a
/// suspension declared over its island), or marked <see cref="VisitStatus.Missed"/> once its day has passed
/// unrecorded, with a task for the county officer. A moved visit keeps its ticket, whose timeline says why.
/// </summary>
public sealed class VisitMoves(CaseHubDbContext db, TicketTimeline timeline, AuditLog audit, WorkflowRuntime workflows, TimeProvider clock,
    ILogger<VisitMoves> logger)
{
    public const string MissedKind = "visitMissed";
    public const string Acknowledged = "Acknowledged";
    public const string Actor = VisitMaker.Actor;
    /// <summary>How far ahead a free day is looked for; a suspension longer than this is a closure, not weather.</summary>
    public const int MaxDaysAhead = 366;

    /// <summary>
    /// Moves a scheduled visit: marks it <see cref="VisitStatus.Rescheduled"/> with the reason and adds the visit it
    /// moved to, at <paramref name="to"/> or, without one, the same time on the next day no suspension covers the
    /// island (<paramref name="declared"/> is a suspension being declared, not saved yet). Nothing is saved here.
    /// </summary>
    public async Task<Visit> RescheduleAsync(Visit visit, VisitPlan plan, string reason, DateTimeOffset? to, string actor,
        Suspension? declared = null, CancellationToken ct = default)
    {
        var island = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == plan.JurisdictionId, ct);
        var when = to ?? await NextFreeDayAsync(visit.ScheduledFor, plan, island, declared, ct);
        var moved = new Visit { PlanId = visit.PlanId, ScheduledFor = when, TicketId = visit.TicketId, CreatedAt = clock.GetUtcNow() };
        db.Set<Visit>().Add(moved);
        visit.Status = VisitStatus.Rescheduled;
        visit.Reason = reason;
        visit.RescheduledToId = moved.Id;
        if (visit.TicketId is { } ticketId && await db.Set<Ticket>().FindAsync([ticketId], ct) is { } ticket)
            timeline.Record(ticket, "visit.rescheduled", actor, new { from = visit.ScheduledFor, to = when, reason, visitId = moved.Id });
        audit.Record(actor, "visit.reschedule", nameof(Visit), visit.Id.ToString(), plan.JurisdictionId, new { from = visit.ScheduledFor, to = when, reason });
        return moved;
    }

    /// <summary>Whether a suspension on the island or above it overlaps the plan-zone day of <paramref name="at"/>.</summary>
    public async Task<bool> SuspendedDayAsync(DateTimeOffset at, VisitPlan plan, Jurisdiction island, CancellationToken ct = default)
    {
        var zone = VisitSchedule.Of(plan).Zone;
        var (start, end) = DayOf(at, zone);
        var lineage = island.LineageIds;
        return await db.Set<Suspension>().AnyAsync(s => lineage.Contains(s.JurisdictionId) && s.From < end && s.To > start, ct);
    }

    private async Task<DateTimeOffset> NextFreeDayAsync(DateTimeOffset from, VisitPlan plan, Jurisdiction island, Suspension? declared, CancellationToken ct)
    {
        var zone = VisitSchedule.Of(plan).Zone;
        var lineage = island.LineageIds;
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(from, zone);
        var suspensions = await db.Set<Suspension>().AsNoTracking().Where(s => lineage.Contains(s.JurisdictionId) && s.To > from)
            .Select(s => new { s.From, s.To }).ToListAsync(ct);
        var spans = suspensions.Select(s => (s.From, s.To)).ToList();
        if (declared is not null && lineage.Contains(declared.JurisdictionId)) spans.Add((declared.From, declared.To));
        for (var days = 1; days <= MaxDaysAhead; days++)
        {
            var dt = local.DateTime.AddDays(days);
            var candidate = new DateTimeOffset(dt, zone.GetUtcOffset(dt));
            if (candidate <= now) continue;
            var (start, end) = DayOf(candidate, zone);
            if (!spans.Any(s => s.From < end && s.To > start)) return candidate;
        }
        throw new InvalidOperationException($"No day without a suspension within {MaxDaysAhead} days after {from:O} on {island.Id}.");
    }

    private static (DateTimeOffset Start, DateTimeOffset End) DayOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var day = TimeZoneInfo.ConvertTime(at, zone).Date;
        var next = day.AddDays(1);
        return (new DateTimeOffset(day, zone.GetUtcOffset(day)), new DateTimeOffset(next, zone.GetUtcOffset(next)));
    }

    /// <summary>
    /// A suspension declared over <paramref name="place"/> moves every scheduled visit inside it, on the islands of its
    /// subtree, past it. Joins the declaration's unit of work (nothing saved here); returns how many moved.
    /// </summary>
    public async Task<int> MoveOutOfAsync(Jurisdiction place, Suspension suspension, string actor, CancellationToken ct = default)
    {
        var inside = await (from v in db.Set<Visit>()
                            join p in db.Set<VisitPlan>() on v.PlanId equals p.Id
                            join j in db.Jurisdictions on p.JurisdictionId equals j.Id
                            where v.Status == VisitStatus.Scheduled && v.ScheduledFor >= suspension.From && v.ScheduledFor < suspension.To
                                  && j.Path.StartsWith(place.Path)
                            select new { Visit = v, Plan = p }).ToListAsync(ct);
        foreach (var x in inside)
            await RescheduleAsync(x.Visit, x.Plan, $"暂停服务：{suspension.Reason}", null, actor, suspension, ct);
        return inside.Count;
    }

    /// <summary>
    /// Marks every scheduled visit whose day (China time) has ended as missed: its ticket's workflow is cancelled, the
    /// ticket cancelled, and the county officer of the provider (of the island, for a city-wide provider) gets a task.
    /// Each visit is claimed by one conditional UPDATE in its own transaction, so hosts sweeping at once raise one task.
    /// </summary>
    public async Task<int> MarkMissedAsync(CancellationToken ct = default)
    {
        var today = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), BusinessCalendar.ChinaTime).Date;
        var startOfToday = new DateTimeOffset(today, BusinessCalendar.ChinaTime.GetUtcOffset(today));
        var ids = await db.Set<Visit>().AsNoTracking().Where(v => v.Status == VisitStatus.Scheduled && v.ScheduledFor < startOfToday)
            .OrderBy(v => v.ScheduledFor).Select(v => v.Id).Take(500).ToListAsync(ct);
        var counties = (await db.Jurisdictions.AsNoTracking().Where(j => j.Kind == JurisdictionKind.County).Select(j => j.Id).ToListAsync(ct)).ToHashSet();
        var missed = 0;
        foreach (var id in ids)
        {
            try
            {
                if (await MarkMissedAsync(id, startOfToday, counties, ct)) missed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Marking visit {Visit} missed failed", id); // the next sweep tries it again
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return missed;
    }

    private async Task<bool> MarkMissedAsync(Guid id, DateTimeOffset before, IReadOnlySet<string> counties, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Set<Visit>().Where(v => v.Id == id && v.Status == VisitStatus.Scheduled && v.ScheduledFor < before)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, VisitStatus.Missed), ct);
        if (claimed == 0) return false;

        var visit = await db.Set<Visit>().AsNoTracking().SingleAsync(v => v.Id == id, ct);
        var plan = await db.Set<VisitPlan>().AsNoTracking().SingleAsync(p => p.Id == visit.PlanId, ct);
        var county = await CountyForAsync(plan, counties, ct);
        if (visit.TicketId is { } ticketId && await db.Set<Ticket>().FindAsync([ticketId], ct) is { } ticket)
        {
            if (ticket.WorkflowInstanceId is { } instance && await workflows.FindAsync(instance, ct) is { Status: WorkflowStatus.Running or WorkflowStatus.Suspended })
                await workflows.CancelAsync(instance, ct);
            timeline.Record(ticket, "visit.missed", Actor, new { scheduledFor = visit.ScheduledFor, providerId = plan.ProviderId });
            if (TicketStateMachine.CanMove(ticket.Status, TicketStatus.Cancelled))
                timeline.Move(ticket, TicketStatus.Cancelled, Actor, new { reason = "上岛服务未登记，已记为未完成 / visit not recorded: missed" });
            db.Set<CaseTask>().Add(new CaseTask
            {
                TicketId = ticket.Id, Kind = MissedKind, Title = $"上岛服务未完成：{ticket.Number}", Role = Roles.CountyOfficer, JurisdictionId = county,
                ProviderId = plan.ProviderId, Outcomes = Acknowledged, CreatedAt = clock.GetUtcNow(),
            });
        }
        audit.Record(Actor, "visit.missed", nameof(Visit), visit.Id.ToString(), plan.JurisdictionId, new { visit.ScheduledFor, plan.ProviderId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The provider's county; a provider above the counties (a city department) answers to the island's.</summary>
    private async Task<string> CountyForAsync(VisitPlan plan, IReadOnlySet<string> counties, CancellationToken ct)
    {
        var providerPath = await db.Providers.AsNoTracking().Where(p => p.Id == plan.ProviderId)
            .Join(db.Jurisdictions, p => p.JurisdictionId, j => j.Id, (p, j) => j.Path).FirstOrDefaultAsync(ct);
        var islandPath = await db.Jurisdictions.AsNoTracking().Where(j => j.Id == plan.JurisdictionId).Select(j => j.Path).SingleAsync(ct);
        string[] paths = providerPath is null ? [islandPath] : [providerPath, islandPath];
        foreach (var path in paths)
            if (path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(counties.Contains) is { } county) return county;
        return plan.JurisdictionId;
    }
}
