using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Visits;

public sealed partial class VisitService
{
    public const int MaxVisitsPerMonth = 31;

    /// <summary>Pairs a department with an island (Administrator; a county officer for an island of their county).</summary>
    public async Task<CaseResult<PairingView>> CreatePairingAsync(Actor actor, PairingRequest body, CancellationToken ct = default)
    {
        if (actor.Role is not (Roles.Administrator or Roles.CountyOfficer))
            return CaseResults.Forbidden("只有管理员和区县专员可以设立结对 / Only administrators and county officers pair departments with islands.");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.ProviderId)) errors["providerId"] = ["请指定职能部门 / providerId is required"];
        if (string.IsNullOrWhiteSpace(body.JurisdictionId)) errors["jurisdictionId"] = ["请指定海岛 / jurisdictionId is required"];
        if (body.VisitsPerMonth is < 1 or > MaxVisitsPerMonth) errors["visitsPerMonth"] = [$"每月 1–{MaxVisitsPerMonth} 次 / visitsPerMonth must be 1–{MaxVisitsPerMonth}"];
        if (errors.Count > 0) return CaseResults.Invalid("结对无效 / Invalid pairing", errors);

        var island = await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Id == body.JurisdictionId, ct);
        if (island is null) return CaseResults.Invalid("jurisdictionId", $"没有辖区 '{body.JurisdictionId}' / no jurisdiction '{body.JurisdictionId}'");
        if (island.Kind != JurisdictionKind.Island)
            return CaseResults.Invalid("jurisdictionId", $"{island.Name}不是海岛 / {island.NameEn ?? island.Id} is a {island.Kind}, not an island");
        if (!await visibility.CoversAsync(actor, island, ct)) return CaseResults.NotFound("jurisdiction", island.Id);
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == body.ProviderId, ct);
        if (provider is null) return CaseResults.Invalid("providerId", $"没有服务方 '{body.ProviderId}' / no provider '{body.ProviderId}'");
        if (provider.Kind != "department")
            return CaseResults.Invalid("providerId", $"{provider.Name}不是职能部门，结对须为部门 / pairing is for departments; '{provider.Id}' is a {provider.Kind}");
        if (await db.Set<Pairing>().AnyAsync(p => p.ProviderId == provider.Id && p.JurisdictionId == island.Id, ct))
            return CaseResults.Conflict("已结对 / Already paired", $"{provider.Name} is already paired with {island.Name}.");

        var pairing = new Pairing
        {
            ProviderId = provider.Id, JurisdictionId = island.Id, VisitsPerMonth = body.VisitsPerMonth ?? Pairing.DefaultVisitsPerMonth,
            CreatedBy = actor.Name, CreatedAt = clock.GetUtcNow(),
        };
        db.Set<Pairing>().Add(pairing);
        audit.Record(actor.Name, "pairing.create", nameof(Pairing), pairing.Id.ToString(), island.Id, new { pairing.ProviderId, pairing.VisitsPerMonth });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return CaseResults.Conflict("已结对 / Already paired", $"{provider.Name} was paired with {island.Name} meanwhile.");
        }
        return CaseResults.Created(new PairingView(pairing.Id, pairing.ProviderId, pairing.JurisdictionId, pairing.VisitsPerMonth, provider.Name, island.Name));
    }

    public async Task<CaseResult<List<PairingView>>> ListPairingsAsync(Actor actor, CancellationToken ct = default) =>
        CaseResults.Done(await (from p in await PairingsAsync(actor, ct)
                                join j in db.Jurisdictions on p.JurisdictionId equals j.Id
                                join o in db.Providers on p.ProviderId equals o.Id
                                orderby j.Name, o.Name
                                select new PairingView(p.Id, p.ProviderId, p.JurisdictionId, p.VisitsPerMonth, o.Name, j.Name)).ToListAsync(ct));

    /// <summary>Each visible pairing's month: visits done on the island by the department against its target.</summary>
    public async Task<CaseResult<List<CoverageRow>>> CoverageAsync(Actor actor, string? month, CancellationToken ct = default)
    {
        if (!VisitMonth.TryParse(month, out var m)) return CaseResults.Invalid("month", "须为 yyyy-MM，例如 2026-12 / month must be yyyy-MM, e.g. 2026-12");
        return CaseResults.Done(await PairingCoverage.ForMonthAsync(db, await PairingsAsync(actor, ct), m, ct));
    }

    /// <summary>The shortfall alerts of the pairings the actor sees, newest month first.</summary>
    public async Task<CaseResult<List<PairingAlertView>>> ListAlertsAsync(Actor actor, CancellationToken ct = default) =>
        CaseResults.Done(await (from a in db.Set<PairingAlert>()
                                join p in await PairingsAsync(actor, ct) on a.PairingId equals p.Id
                                orderby a.Month descending, a.CreatedAt
                                select new PairingAlertView(a.Id, a.PairingId, a.Month, a.JurisdictionId, a.Target, a.Done, a.CreatedAt, a.AcknowledgedAt))
            .ToListAsync(ct));

    private async Task<IQueryable<Pairing>> PairingsAsync(Actor actor, CancellationToken ct)
    {
        var pairings = db.Set<Pairing>();
        if (actor.Is(Roles.Provider)) return pairings.Where(p => p.ProviderId == actor.ProviderId);
        if (!actor.IsStaff || await visibility.AreaAsync(actor, ct) is not { } area) return pairings.Where(_ => false);
        return from p in pairings join j in db.Jurisdictions.Within(area) on p.JurisdictionId equals j.Id select p;
    }
}
