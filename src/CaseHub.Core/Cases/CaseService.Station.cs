using CaseHub.Core.Catalog;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Logging;
using CaseHub.Core.Residents;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Cases;

/// <summary>A return-visit call on the station's list; <see cref="Phone"/> is unmasked only when <see cref="PhoneRevealed"/>.</summary>
public sealed record ReturnVisitCall(string TaskId, string Title, Guid TicketId, string TicketNumber, string ServiceCode,
    string ResidentName, string Phone, bool PhoneRevealed, IReadOnlyList<string> Outcomes, DateTimeOffset? DueAt);

/// <summary>A station (or the place a kiosk stands) with the services residents can order there.</summary>
public sealed record StationServices(Jurisdiction Station, Jurisdiction? Island, IReadOnlyList<ServiceItem> Items);

public sealed partial class CaseService
{
    /// <summary>Statuses a ticket has left for good: the island's open list leaves them out.</summary>
    private static readonly TicketStatus[] Finished = [TicketStatus.Closed, TicketStatus.Cancelled, TicketStatus.Rejected];

    /// <summary>A day's calls for one station are a handful; the cap bounds the audited reveals one page view makes.</summary>
    public const int MaxCalls = 50;

    /// <summary>
    /// The open return-visit calls the actor may make, soonest due first. The resident's number is read through
    /// <see cref="RevealResidentAsync"/> (audited) for the calls that are the actor's to make, so it can be dialled
    /// in one tap; any other call shows it masked.
    /// </summary>
    public async Task<IReadOnlyList<ReturnVisitCall>> ReturnVisitCallsAsync(Actor actor, CancellationToken ct = default)
    {
        if (await visibility.AreaAsync(actor, ct) is not { } area) return [];
        var rows = await (from t in visibility.Open(visibility.Tasks(actor, area)).Where(t => t.Kind == TaskKinds.ReturnVisit)
                          join k in db.Set<Ticket>() on t.TicketId equals k.Id
                          join r in db.Set<Resident>() on k.ResidentId equals r.Id
                          orderby t.DueAt == null, t.DueAt, t.CreatedAt
                          select new { Task = t, k.Number, k.ServiceCode, r.Name, r.Phone })
            .Take(MaxCalls).AsNoTracking().ToListAsync(ct);
        var calls = new List<ReturnVisitCall>(rows.Count);
        foreach (var row in rows)
        {
            var mine = row.Task.IsFor(actor.Role);
            var full = mine && await RevealResidentAsync(actor, row.Task.TicketId, ct) is { Succeeded: true, Value: { } record } ? record.Phone : null;
            calls.Add(new ReturnVisitCall(row.Task.Id, row.Task.Title, row.Task.TicketId, row.Number, row.ServiceCode, row.Name,
                full ?? PersonalData.MaskPhone(row.Phone), full is not null, row.Task.OutcomeList, row.Task.DueAt));
        }
        return calls;
    }

    /// <summary>The tickets of the actor's area that are still under way (not closed, cancelled or rejected), newest first.</summary>
    public async Task<IReadOnlyList<TicketSummary>> OpenTicketsAsync(Actor actor, int take, CancellationToken ct = default)
    {
        if (await visibility.AreaAsync(actor, ct) is not { } area) return [];
        var rows = await (from t in visibility.Tickets(actor, area).Where(t => !Finished.Contains(t.Status))
                          join r in db.Set<Resident>() on t.ResidentId equals r.Id
                          orderby t.CreatedAt descending, t.Id descending
                          select new { Ticket = t, r.Name, r.Phone })
            .Take(Math.Clamp(take, 1, MaxPageSize)).AsNoTracking().ToListAsync(ct);
        return [.. rows.Select(x => new TicketSummary(x.Ticket.Id, x.Ticket.Number, x.Ticket.ServiceCode, x.Ticket.JurisdictionId, x.Ticket.Channel,
            x.Ticket.Status.ToString(), new ResidentView(x.Name, PersonalData.MaskPhone(x.Phone)), x.Ticket.CreatedAt, x.Ticket.DueAt,
            x.Ticket.ProviderId, x.Ticket.WorkflowInstanceId))];
    }

    /// <summary>
    /// The resident a phone number belongs to, so station staff ordering on someone's behalf see whether the person is
    /// known (and under which name) before creating them. Staff only; a bad number is an error on <c>resident.phone</c>.
    /// </summary>
    public async Task<CaseResult<ResidentView?>> FindResidentAsync(Actor actor, string? phone, CancellationToken ct = default)
    {
        if (!actor.IsStaff) return CaseResults.Forbidden("只有工作人员可以按电话查找居民 / Only staff look residents up by phone.");
        if (ResidentInput.NormalisePhone(phone) is not { } clean)
            return CaseResults.Invalid("resident.phone", "手机号码无效，应为 11 位大陆手机号 / The phone must be an 11-digit mainland mobile number.");
        var found = await db.Set<Resident>().AsNoTracking().Where(r => r.Phone == clean).Select(r => new ResidentView(r.Name, r.Phone)).SingleOrDefaultAsync(ct);
        return CaseResults.Done(found);
    }

    /// <summary>
    /// A station and what can be ordered there: the station staff's own (<paramref name="stationId"/> null) or a kiosk's.
    /// NotFound for a place that is not a station inside the actor's area.
    /// </summary>
    public async Task<CaseResult<StationServices>> StationServicesAsync(Actor actor, string? stationId, CancellationToken ct = default)
    {
        var id = stationId ?? actor.HomeJurisdictionId;
        var station = string.IsNullOrWhiteSpace(id) ? null : await db.Jurisdictions.FindAsync([id], ct);
        if (station is not { Kind: JurisdictionKind.Station } || !await visibility.CoversAsync(actor, station, ct))
            return CaseResults.NotFound("station", id ?? "");
        var island = station.ParentId is { } parent ? await db.Jurisdictions.FindAsync([parent], ct) : null;
        return CaseResults.Done(new StationServices(station, island, await catalog.EffectiveItemsAsync(station, ct)));
    }
}
