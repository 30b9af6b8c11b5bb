using CaseHub.Core.Audit;
using CaseHub.Core.Cases;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Visits;

/// <summary>
/// Visit plans, their visits and the department–island pairings, for a person: who sees what follows the case rule
/// (<see cref="CaseVisibility"/>): a provider's people see their organisation's plans wherever they are, staff the plans
/// of the islands in their area (station staff: their island). Administrators and county officers plan for the islands
/// of their area, a provider's people for their own organisation.
/// </summary>
public sealed partial class VisitService(CaseHubDbContext db, CaseVisibility visibility, CatalogQuery catalog, VisitMoves moves,
    IVisitPlanJobs jobs, AuditLog audit, TimeProvider clock)
{
    public async Task<CaseResult<PlanCreated>> CreatePlanAsync(Actor actor, PlanRequest body, CancellationToken ct = default)
    {
        var checkedPlan = await CheckPlanAsync(actor, body, ct);
        if (checkedPlan.Failure is { } failure) return failure;
        var (schedule, pairing) = (checkedPlan.Schedule!, checkedPlan.Pairing);
        var now = clock.GetUtcNow();
        var plan = new VisitPlan
        {
            ServiceCode = body.ServiceCode!.Trim(), JurisdictionId = body.JurisdictionId!, ProviderId = body.ProviderId!, Cron = schedule.Text,
            TimeZone = schedule.Zone.Id, PairingId = pairing, Paused = body.Paused ?? false, LastOccurrenceAt = now, CreatedBy = actor.Name,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Set<VisitPlan>().Add(plan);
        audit.Record(actor.Name, "visit_plan.create", nameof(VisitPlan), plan.Id.ToString(), plan.JurisdictionId,
            new { plan.ServiceCode, plan.ProviderId, plan.Cron, plan.TimeZone, plan.PairingId });
        await db.SaveChangesAsync(ct);
        jobs.Apply(plan);
        return CaseResults.Created(new PlanCreated(plan.Id, NextRun(plan, schedule)));
    }

    /// <summary>
    /// Edits a plan. A new cron or time zone counts from now (its past occurrences were never planned), and so does a
    /// plan taken out of pause (what passed while paused is not owed); either way the recurring job is registered again.
    /// </summary>
    public async Task<CaseResult<PlanView>> UpdatePlanAsync(Actor actor, Guid id, PlanRequest body, CancellationToken ct = default)
    {
        var plan = await (await PlansAsync(actor, ct)).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return CaseResults.NotFound("visit plan", id.ToString());
        if (!MayPlan(actor)) return CaseResults.Forbidden("只有管理员、区县专员和服务方可以修改走访计划 / Only administrators, county officers and providers edit visit plans.");
        var checkedPlan = await CheckPlanAsync(actor, body, ct);
        if (checkedPlan.Failure is { } failure) return failure;
        var schedule = checkedPlan.Schedule!;
        var now = clock.GetUtcNow();
        var restarts = plan.Cron != schedule.Text || plan.TimeZone != schedule.Zone.Id || (plan.Paused && body.Paused == false);
        plan.ServiceCode = body.ServiceCode!.Trim();
        plan.JurisdictionId = body.JurisdictionId!;
        plan.ProviderId = body.ProviderId!;
        plan.Cron = schedule.Text;
        plan.TimeZone = schedule.Zone.Id;
        plan.PairingId = checkedPlan.Pairing;
        plan.Paused = body.Paused ?? plan.Paused;
        if (restarts && plan.LastOccurrenceAt < now) plan.LastOccurrenceAt = now;
        plan.UpdatedAt = now;
        audit.Record(actor.Name, "visit_plan.update", nameof(VisitPlan), plan.Id.ToString(), plan.JurisdictionId,
            new { plan.ServiceCode, plan.ProviderId, plan.Cron, plan.TimeZone, plan.PairingId, plan.Paused });
        await db.SaveChangesAsync(ct);
        jobs.Apply(plan);
        return CaseResults.Done((await ViewsAsync(db.Set<VisitPlan>().Where(p => p.Id == plan.Id), ct)).Single());
    }

    public async Task<CaseResult<List<PlanView>>> ListPlansAsync(Actor actor, CancellationToken ct = default) =>
        CaseResults.Done(await ViewsAsync(await PlansAsync(actor, ct), ct));

    public async Task<CaseResult<PlanView>> ReadPlanAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        (await ViewsAsync((await PlansAsync(actor, ct)).Where(p => p.Id == id), ct)).SingleOrDefault() is { } view
            ? CaseResults.Done(view) : CaseResults.NotFound("visit plan", id.ToString());

    /// <summary>A plan's visits, earliest first.</summary>
    public async Task<CaseResult<List<VisitView>>> ListVisitsAsync(Actor actor, Guid planId, CancellationToken ct = default)
    {
        var plans = (await PlansAsync(actor, ct)).Where(p => p.Id == planId);
        if (!await plans.AnyAsync(ct)) return CaseResults.NotFound("visit plan", planId.ToString());
        return CaseResults.Done(await VisitViewsAsync(plans, null, ct));
    }

    /// <summary>The visits of the actor's plans scheduled in a China-calendar month (the /visits calendar).</summary>
    public async Task<CaseResult<List<VisitView>>> VisitsInMonthAsync(Actor actor, string? month, CancellationToken ct = default)
    {
        if (!VisitMonth.TryParse(month, out var m)) return CaseResults.Invalid("month", "须为 yyyy-MM，例如 2026-12 / month must be yyyy-MM, e.g. 2026-12");
        return CaseResults.Done(await VisitViewsAsync(await PlansAsync(actor, ct), m, ct));
    }

    /// <summary>
    /// Calls a scheduled visit off with a reason and moves it: to <c>rescheduleTo</c> (a date keeps the visit's time of
    /// day), or to the next day no suspension covers the island. The moved visit keeps the ticket and its task.
    /// </summary>
    public async Task<CaseResult<VisitCancelled>> CancelVisitAsync(Actor actor, Guid visitId, CancelVisit body, CancellationToken ct = default)
    {
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return CaseResults.Invalid("reason", "请填写取消原因（如：大风停航）/ reason is required (e.g. ferry stopped by wind)");
        if (reason.Length > Visit.ReasonMaxLength) return CaseResults.Invalid("reason", $"最多 {Visit.ReasonMaxLength} 字 / at most {Visit.ReasonMaxLength} characters");
        if (PlainText.Check(reason, multiLine: true) is { } bad) return CaseResults.Invalid("reason", bad.ToString());

        var found = await (from v in db.Set<Visit>()
                           join p in await PlansAsync(actor, ct) on v.PlanId equals p.Id
                           where v.Id == visitId
                           select new { Visit = v, Plan = p }).FirstOrDefaultAsync(ct);
        if (found is null) return CaseResults.NotFound("visit", visitId.ToString());
        if (actor.Is(Roles.Channel)) return CaseResults.Forbidden("渠道不能取消走访 / Channels do not cancel visits.");
        if (found.Visit.Status != VisitStatus.Scheduled)
            return CaseResults.Conflict("走访不可取消 / Visit cannot be cancelled", $"The visit is {found.Visit.Status}; only a Scheduled visit can be cancelled and moved.");

        DateTimeOffset? to = null;
        if (!string.IsNullOrWhiteSpace(body.RescheduleTo))
        {
            var schedule = VisitSchedule.Of(found.Plan);
            if (ReadTarget(body.RescheduleTo, found.Visit.ScheduledFor, schedule.Zone) is not { } target)
                return CaseResults.Invalid("rescheduleTo", "须为日期 yyyy-MM-dd 或 ISO 8601 时间 / must be a date yyyy-MM-dd or an ISO 8601 date-time");
            if (target <= clock.GetUtcNow()) return CaseResults.Invalid("rescheduleTo", "改期时间须晚于现在 / must be in the future");
            var island = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == found.Plan.JurisdictionId, ct);
            if (await moves.SuspendedDayAsync(target, found.Plan, island, ct))
                return CaseResults.Invalid("rescheduleTo", "该日海岛处于暂停服务期间，请另选日期 / the island is suspended that day; choose another");
            to = target;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the visit as read: a second cancel (or the missed sweep) racing this one makes it a conflict, not two moves.
        if (await db.Set<Visit>().Where(v => v.Id == visitId && v.Status == VisitStatus.Scheduled)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, VisitStatus.Rescheduled), ct) == 0)
            return CaseResults.Conflict("走访已变更 / Visit changed meanwhile", "The visit was recorded, moved or missed meanwhile; read it again.");
        var moved = await moves.RescheduleAsync(found.Visit, found.Plan, reason, to, actor.Name, ct: ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CaseResults.Done(new VisitCancelled(found.Visit.Id, found.Visit.Status.ToString(), moved.Id, moved.ScheduledFor));
    }

    private static DateTimeOffset? ReadTarget(string text, DateTimeOffset original, TimeZoneInfo zone)
    {
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", out var day))
        {
            var local = day.ToDateTime(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(original, zone).DateTime));
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }
        return Sla.TimeText.TryRead(text, out var at) ? at : null;
    }

    private static bool MayPlan(Actor actor) => actor.Role is Roles.Administrator or Roles.CountyOfficer or Roles.Provider;

    /// <summary>The plans the actor may see.</summary>
    private async Task<IQueryable<VisitPlan>> PlansAsync(Actor actor, CancellationToken ct)
    {
        var plans = db.Set<VisitPlan>();
        if (actor.Is(Roles.Provider)) return plans.Where(p => p.ProviderId == actor.ProviderId);
        if (!actor.IsStaff || await visibility.AreaAsync(actor, ct) is not { } area) return plans.Where(_ => false);
        return from p in plans join j in db.Jurisdictions.Within(area) on p.JurisdictionId equals j.Id select p;
    }

    private sealed record CheckedPlan(CaseFailure? Failure, VisitSchedule? Schedule, Guid? Pairing);

    /// <summary>Every rule of a plan's body: fields, the island, the item there, the provider contracted for it there, the pairing.</summary>
    private async Task<CheckedPlan> CheckPlanAsync(Actor actor, PlanRequest body, CancellationToken ct)
    {
        CheckedPlan Fail(CaseFailure f) => new(f, null, null);
        if (!MayPlan(actor)) return Fail(CaseResults.Forbidden("只有管理员、区县专员和服务方可以制定走访计划 / Only administrators, county officers and providers plan visits."));
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.ServiceCode)) errors["serviceCode"] = ["请指定服务事项 / serviceCode is required"];
        if (string.IsNullOrWhiteSpace(body.JurisdictionId)) errors["jurisdictionId"] = ["请指定海岛 / jurisdictionId is required"];
        if (string.IsNullOrWhiteSpace(body.ProviderId)) errors["providerId"] = ["请指定服务方 / providerId is required"];
        var (schedule, field, problem) = VisitSchedule.TryParse(body.Cron, body.TimeZone);
        if (schedule is null) errors[field!] = [problem!];
        Guid? pairingId = null;
        if (!string.IsNullOrWhiteSpace(body.PairingId))
        {
            if (Guid.TryParse(body.PairingId, out var p)) pairingId = p;
            else errors["pairingId"] = ["结对编号无效 / pairingId is not a valid id"];
        }
        if (errors.Count > 0) return Fail(CaseResults.Invalid("走访计划无效 / Invalid visit plan", errors));

        if (actor.Is(Roles.Provider) && body.ProviderId != actor.ProviderId)
            return Fail(CaseResults.Forbidden("服务方只能为本单位制定计划 / A provider plans only its own visits."));
        var island = await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Id == body.JurisdictionId, ct);
        if (island is null) return Fail(CaseResults.Invalid("jurisdictionId", $"没有辖区 '{body.JurisdictionId}' / no jurisdiction '{body.JurisdictionId}'"));
        if (island.Kind != JurisdictionKind.Island)
            return Fail(CaseResults.Invalid("jurisdictionId", $"{island.Name}不是海岛，上岛服务须指定海岛 / {island.NameEn ?? island.Id} is a {island.Kind}, not an island"));
        if (!actor.Is(Roles.Provider) && !await visibility.CoversAsync(actor, island, ct)) return Fail(CaseResults.NotFound("jurisdiction", island.Id));

        var code = body.ServiceCode!.Trim();
        var (known, item) = await catalog.ForOrderAsync(code, island, ct);
        if (known is null) return Fail(CaseResults.Invalid("serviceCode", $"{island.Name}没有服务事项 '{code}' / no service '{code}' at {island.NameEn ?? island.Id}"));
        if (item is null) return Fail(CaseResults.Invalid("serviceCode", $"'{code}' 在{island.Name}未开通 / '{code}' is switched off at {island.NameEn ?? island.Id}"));

        var candidates = await DispatchCandidates.ForAsync(db, island, code, [], ct);
        if (candidates.All(p => p.Id != body.ProviderId))
            return Fail(CaseResults.Invalid("providerId",
                $"'{body.ProviderId}' 不是在{island.Name}签约提供“{item.Name}”的服务方 / is not a provider contracted for '{code}' at {island.NameEn ?? island.Id}"));

        if (pairingId is { } pid)
        {
            var pairing = await db.Set<Pairing>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == pid, ct);
            if (pairing is null || pairing.ProviderId != body.ProviderId || pairing.JurisdictionId != island.Id)
                return Fail(CaseResults.Invalid("pairingId", "结对须为该服务方与该海岛的结对 / the pairing must be this provider's with this island"));
        }
        return new(null, schedule, pairingId);
    }

    private DateTimeOffset? NextRun(VisitPlan plan, VisitSchedule schedule)
    {
        if (plan.Paused) return null;
        var now = clock.GetUtcNow();
        return schedule.Next(plan.LastOccurrenceAt > now ? plan.LastOccurrenceAt : now);
    }

    private async Task<List<PlanView>> ViewsAsync(IQueryable<VisitPlan> plans, CancellationToken ct)
    {
        var rows = await (from p in plans
                          join j in db.Jurisdictions on p.JurisdictionId equals j.Id
                          join o in db.Providers on p.ProviderId equals o.Id
                          orderby j.Name, p.CreatedAt
                          select new { Plan = p, Island = j.Name, Provider = o.Name }).AsNoTracking().ToListAsync(ct);
        var codes = rows.Select(r => r.Plan.ServiceCode).Distinct().ToList();
        var names = (await db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).Select(i => new { i.Code, i.Name }).ToListAsync(ct))
            .GroupBy(i => i.Code).ToDictionary(g => g.Key, g => g.First().Name);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r =>
        {
            var schedule = VisitSchedule.Of(r.Plan);
            var from = r.Plan.LastOccurrenceAt > now ? r.Plan.LastOccurrenceAt : now;
            return new PlanView(r.Plan.Id, r.Plan.ServiceCode, r.Plan.JurisdictionId, r.Plan.ProviderId, r.Plan.Cron, r.Plan.TimeZone, r.Plan.Paused,
                NextRun(r.Plan, schedule), r.Plan.PairingId, schedule.Describe(), [.. schedule.NextFew(from, 5).Select(schedule.Format)],
                names.GetValueOrDefault(r.Plan.ServiceCode), r.Island, r.Provider);
        })];
    }

    private async Task<List<VisitView>> VisitViewsAsync(IQueryable<VisitPlan> plans, VisitMonth? month, CancellationToken ct)
    {
        var visits = from v in db.Set<Visit>() join p in plans on v.PlanId equals p.Id select new { Visit = v, Plan = p };
        if (month is { } m)
        {
            var (start, end) = (m.Start, m.End);
            visits = visits.Where(x => x.Visit.ScheduledFor >= start && x.Visit.ScheduledFor < end);
        }
        var rows = await visits.OrderBy(x => x.Visit.ScheduledFor).ThenBy(x => x.Visit.Id).AsNoTracking().ToListAsync(ct);
        return [.. rows.Select(x => new VisitView(x.Visit.Id, x.Visit.ScheduledFor, x.Visit.Status.ToString(), x.Visit.TicketId, x.Plan.Id,
            x.Visit.Reason, x.Visit.RescheduledToId, x.Visit.ResidentsServed, x.Plan.JurisdictionId, x.Plan.ProviderId, x.Plan.ServiceCode))];
    }
}
