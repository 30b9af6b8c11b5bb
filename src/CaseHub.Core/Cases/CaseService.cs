using System.Text.Json;
using CaseHub.Core.Audit;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Logging;
using CaseHub.Core.Residents;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Cases;

/// <summary>
/// The case operations a person or a channel can perform — order, complete a task, rate a delivery, read
/// a ticket, reveal a resident's record — behind one visibility rule (<see cref="CaseVisibility"/>). The API
/// handlers and the pages bind, call one method here and render its <see cref="CaseResult{T}"/>.
/// </summary>
public sealed partial class CaseService(CaseHubDbContext db, CaseVisibility visibility, CatalogQuery catalog, ResidentDirectory residents,
    TicketIntake intake, WorkflowRuntime workflows, TicketTimeline timeline, AuditLog audit, CaseHubOptions options, TimeProvider time)
{
    public const int MaxPageSize = 100;

    /// <summary>One ticket with its timeline and tasks; a ticket the actor may not see does not exist for them.</summary>
    public async Task<CaseResult<TicketView>> ReadTicketAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (await visibility.AreaAsync(actor, ct) is not { } area) return CaseResults.NotFound("ticket", id.ToString());
        var row = await (from t in visibility.Tickets(actor, area).Where(t => t.Id == id)
                         join r in db.Set<Resident>() on t.ResidentId equals r.Id
                         select new { Ticket = t, r.Name, r.Phone }).AsNoTracking().SingleOrDefaultAsync(ct);
        if (row is null) return CaseResults.NotFound("ticket", id.ToString());

        var ticket = row.Ticket;
        var events = await db.Set<TicketEvent>().AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var resident = new ResidentView(row.Name, PersonalData.MaskPhone(row.Phone));
        if (actor.Is(Roles.Channel))
            return CaseResults.Done(new TicketView(ticket.Id, ticket.Number, ticket.ServiceCode, ticket.JurisdictionId, ticket.Channel, ticket.Status.ToString(),
                resident, ticket.DueAt, [.. events.Where(ResidentMaySee).Select(e => ForResident(e, actor))], [], null, ticket.ProviderId, ticket.CreatedAt, ticket.ItemVersion));

        var tasks = db.Set<CaseTask>().AsNoTracking().Where(t => t.TicketId == id);
        if (actor.Is(Roles.Provider)) tasks = tasks.Where(t => t.ProviderId == actor.ProviderId);
        var open = (await visibility.Open(tasks).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        var rows = await tasks.OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return CaseResults.Done(new TicketView(ticket.Id, ticket.Number, ticket.ServiceCode, ticket.JurisdictionId, ticket.Channel, ticket.Status.ToString(),
            resident, ticket.DueAt, [.. events.Select(e => new EventView(e.At, e.Type, e.Actor, Parse(e.Data)))],
            [.. rows.Select(t => new TicketTaskView(t.Id, t.Kind, t.Title, [.. t.OutcomeList], t.DueAt, open.Contains(t.Id), t.Outcome, t.CompletedBy, t.CompletedAt))],
            ticket.WorkflowInstanceId, ticket.ProviderId, ticket.CreatedAt, ticket.ItemVersion));
    }

    /// <summary>The tickets the actor may see (narrowed to a place's subtree, a status, an item), newest first.</summary>
    public async Task<CaseResult<Page<TicketSummary>>> ListTicketsAsync(Actor actor, TicketFilter filter, CancellationToken ct = default)
    {
        if (filter.Page is < 1) return CaseResults.Invalid("page", "页码从 1 开始 / page starts at 1");
        if (filter.PageSize is < 1 or > MaxPageSize) return CaseResults.Invalid("pageSize", $"每页 1–{MaxPageSize} 条 / pageSize must be 1–{MaxPageSize}");
        var filtered = await FilterAsync(actor, filter, ct);
        if (filtered.Value is not { } query) return new CaseFailure(filtered.Outcome, filtered.Problem!);

        var total = await query.CountAsync(ct);
        var size = filter.PageSize ?? 20;
        var rows = await query.OrderByDescending(x => x.Ticket.CreatedAt).ThenByDescending(x => x.Ticket.Id)
            .Skip(((filter.Page ?? 1) - 1) * size).Take(size).AsNoTracking().ToListAsync(ct);
        return CaseResults.Done(new Page<TicketSummary>([.. rows.Select(x => new TicketSummary(x.Ticket.Id, x.Ticket.Number, x.Ticket.ServiceCode,
            x.Ticket.JurisdictionId, x.Ticket.Channel, x.Ticket.Status.ToString(), new ResidentView(x.Name, PersonalData.MaskPhone(x.Phone)),
            x.Ticket.CreatedAt, x.Ticket.DueAt, x.Ticket.ProviderId, x.Ticket.WorkflowInstanceId))], total));
    }

    /// <summary>A listed ticket with its resident's name and phone (masked before it leaves the facade).</summary>
    private sealed class Listed
    {
        public Ticket Ticket { get; init; } = null!;
        public string Name { get; init; } = "";
        public string Phone { get; init; } = "";
    }

    /// <summary>The list's filters (all but the page) over the tickets the actor may see; a bad value is an error naming its field.</summary>
    private async Task<CaseResult<IQueryable<Listed>>> FilterAsync(Actor actor, TicketFilter filter, CancellationToken ct)
    {
        TicketStatus? wanted = null;
        if (filter.Status is not null)
        {
            // By name only: Enum.TryParse would also take "3" or "Dispatched, Closed".
            if (!Enum.GetNames<TicketStatus>().Contains(filter.Status))
                return CaseResults.Invalid("status", $"须为 / must be one of: {string.Join(", ", Enum.GetNames<TicketStatus>())}");
            wanted = Enum.Parse<TicketStatus>(filter.Status);
        }
        if (filter.Q is { Length: > 40 }) return CaseResults.Invalid("q", "最多 40 个字符 / at most 40 characters");
        if (filter is { From: { } first, To: { } last } && last < first) return CaseResults.Invalid("to", "结束日期不能早于开始日期 / 'to' must not be before 'from'");

        if (await visibility.AreaAsync(actor, ct) is not { } area) return CaseResults.NotFound("jurisdiction", actor.HomeJurisdictionId);
        var tickets = visibility.Tickets(actor, area);
        if (filter.JurisdictionId is { } placeId)
        {
            var place = await db.Jurisdictions.FindAsync([placeId], ct);
            // Providers see their work wherever it is; everyone else narrows only inside their own area.
            if (place is null || !(actor.Is(Roles.Provider) || place.IsWithin(area.Id))) return CaseResults.NotFound("jurisdiction", placeId);
            tickets = from t in tickets join j in db.Jurisdictions.Within(place) on t.JurisdictionId equals j.Id select t;
        }
        if (wanted is { } s) tickets = tickets.Where(t => t.Status == s);
        if (filter.ServiceCode is { } code) tickets = tickets.Where(t => t.ServiceCode == code);
        if (filter.Channel is { } channel) tickets = tickets.Where(t => t.Channel == channel);
        if (filter.From is { } from) { var start = ChinaDayStarts(from); tickets = tickets.Where(t => t.CreatedAt >= start); }
        if (filter.To is { } to) { var end = ChinaDayStarts(to.AddDays(1)); tickets = tickets.Where(t => t.CreatedAt < end); }

        var query = from t in tickets join r in db.Set<Resident>() on t.ResidentId equals r.Id select new Listed { Ticket = t, Name = r.Name, Phone = r.Phone };
        if (filter.Q?.Trim() is { Length: > 0 } q)
        {
            // Four digits are what a resident says on the phone ("尾号 5678"); anything else is (part of) a ticket number.
            if (q.Length == 4 && q.All(char.IsAsciiDigit)) query = query.Where(x => x.Phone.EndsWith(q));
            else { var number = q.ToUpperInvariant(); query = query.Where(x => x.Ticket.Number.Contains(number)); }
        }
        return CaseResults.Done(query);
    }

    /// <summary>
    /// The resident's unmasked phone and ID number, for the people working the ticket (to call them back, to
    /// check an application); every read is audited.
    /// </summary>
    public async Task<CaseResult<ResidentRecord>> RevealResidentAsync(Actor actor, Guid ticketId, CancellationToken ct = default)
    {
        if (await visibility.AreaAsync(actor, ct) is not { } area) return CaseResults.NotFound("ticket", ticketId.ToString());
        var ticket = await visibility.Tickets(actor, area).AsNoTracking().Where(t => t.Id == ticketId)
            .Select(t => new { t.ResidentId, t.JurisdictionId }).SingleOrDefaultAsync(ct);
        if (ticket is null) return CaseResults.NotFound("ticket", ticketId.ToString());
        if (await visibility.WhyNotRevealAsync(actor, ticketId, ct) is { } why) return CaseResults.Forbidden(why);
        var record = await residents.ReadFullAsync(ticket.ResidentId, actor.Name, ticket.JurisdictionId, ct);
        return record is null ? CaseResults.NotFound("resident", ticket.ResidentId.ToString()) : CaseResults.Done(record);
    }

    private static DateTimeOffset ChinaDayStarts(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Sla.BusinessCalendar.ChinaTime.GetUtcOffset(midnight));
    }

    // A resident learns that the order arrived, how its status moved and their own rating — not who handled it internally.
    private static bool ResidentMaySee(TicketEvent e) => e.Type is TicketEvent.Submitted or TicketEvent.StatusChanged or "feedback";

    private static EventView ForResident(TicketEvent e, Actor actor)
    {
        JsonElement? data = null;
        if (e.Type == TicketEvent.StatusChanged && Parse(e.Data) is { } moved)
            data = JsonSerializer.SerializeToElement(new { from = moved.GetProperty("from").GetString(), to = moved.GetProperty("to").GetString() });
        return new EventView(e.At, e.Type, e.Actor == actor.Name ? actor.Name : "", data);
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
