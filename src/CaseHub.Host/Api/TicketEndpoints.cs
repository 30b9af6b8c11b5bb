using System.Security.Claims;
using System.Text.Json;
using CaseHub.Core.Cases;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Logging;
using CaseHub.Core.Residents;
using CaseHub.Core.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Api;

public static class TicketEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxPageSize = 100;

    public sealed record ResidentView(string Name, string Phone);
    public sealed record EventView(DateTimeOffset At, string Type, string Actor, JsonElement? Data);
    public sealed record TicketView(Guid Id, string Number, string ServiceCode, string JurisdictionId, string Channel, string Status,
        ResidentView Resident, DateTimeOffset? DueAt, List<EventView> Events, List<TicketTaskView> Tasks, string? WorkflowInstanceId,
        string? ProviderId, DateTimeOffset CreatedAt, int ItemVersion);
    public sealed record TicketTaskView(string Id, string Kind, string Title, List<string> Outcomes, DateTimeOffset? DueAt, bool Open,
        string? Outcome, string? CompletedBy, DateTimeOffset? CompletedAt);
    public sealed record TicketSummary(Guid Id, string Number, string ServiceCode, string JurisdictionId, string Channel, string Status,
        ResidentView Resident, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, string? ProviderId, string? WorkflowInstanceId);
    public sealed record TicketPage(List<TicketSummary> Items, int Total);

    public static void MapTicketEndpoints(this IEndpointRouteBuilder api)
    {
        var tickets = api.MapGroup("/tickets").WithTags("Tickets")
            .RequireAuthorization(p => p.RequireRole(Roles.Channel, Roles.StationStaff, Roles.Caseworker, Roles.CountyOfficer, Roles.Administrator, Roles.Provider));
        tickets.MapPost("", Create).WithName("CreateTicket").WithSummary("受理工单 / Order a service (create a ticket)");
        tickets.MapFeedbackEndpoint();
        tickets.MapGet("/{id:guid}/resident", ReadResident).WithName("ReadTicketResident").WithSummary("查看居民完整信息 / The resident's unmasked record (audited)");
        tickets.MapGet("/{id:guid}", Get).WithName("GetTicket").WithSummary("工单详情 / A ticket with its timeline and tasks");
        tickets.MapGet("", List).WithName("ListTickets").WithSummary("工单列表 / The tickets in the caller's jurisdiction");
    }

    /// <summary>An order from a channel or a station. Channels must send an Idempotency-Key, since they retry on their own.</summary>
    private static async Task<Results<Created<TicketCreated>, Ok<TicketCreated>, ValidationProblem, ProblemHttpResult>> Create(
        CreateTicketRequest body, [FromHeader(Name = IdempotencyHeader)] string? key, ClaimsPrincipal user,
        CaseHubDbContext db, CatalogQuery catalog, ResidentDirectory residents, TicketIntake intake, CancellationToken ct)
    {
        if (user.IsInRole(Roles.Provider)) return ApiErrors.Forbidden("服务方不能下单 / Providers do not place orders.");
        if (string.IsNullOrWhiteSpace(key))
        {
            if (user.IsInRole(Roles.Channel))
                return ApiErrors.Invalid(IdempotencyHeader, $"渠道下单须带 {IdempotencyHeader} 请求头 / channels must send the {IdempotencyHeader} header");
            key = null;
        }
        else if (key.Length > IdempotencyRecord.KeyMaxLength)
            return ApiErrors.Invalid(IdempotencyHeader, $"最多 {IdempotencyRecord.KeyMaxLength} 个字符 / at most {IdempotencyRecord.KeyMaxLength} characters");

        var hash = TicketValidation.Hash(body);
        if (key is not null && await intake.ReplayAsync(user.Name(), key, hash, ct) is { } replay && (replay.Ticket is not null || replay.BodyDiffers))
            return Replayed(replay);

        var errors = TicketValidation.CheckRequest(body);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "工单无效 / Invalid ticket");
        if (body.Channel == TicketValidation.StationProxy && !user.IsInRole(Roles.StationStaff))
            return ApiErrors.Forbidden("只有驿站工作人员可以代办下单 / Only station staff may place station_proxy orders.");

        var place = await db.Jurisdictions.FindAsync([body.JurisdictionId!], ct);
        if (place is null || !user.CanSee(place)) return ApiErrors.NotFound("jurisdiction", body.JurisdictionId!);
        var (known, item) = await catalog.ForOrderAsync(body.ServiceCode!, place, ct);
        if (known is null) return ApiErrors.Invalid("serviceCode", $"{place.Name}没有服务事项 '{body.ServiceCode}' / no service '{body.ServiceCode}' at {place.NameEn ?? place.Id}");
        if (item is null)
            return TypedResults.Problem(statusCode: 409, title: "服务未开通 / Service switched off",
                detail: $"'{body.ServiceCode}' is switched off at {place.NameEn ?? place.Id} (its module or the item).");

        errors = TicketValidation.CheckForm(body.Form, item.FormSchema);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "表单无效 / Invalid form");

        Resident resident;
        try
        {
            resident = await residents.FindOrCreateAsync(body.Resident!.Name!, body.Resident.Phone!, body.Resident.IdNumber, user.Name(), ct);
        }
        catch (ResidentValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary(x => $"resident.{x.Key}", x => x.Value), title: "居民信息无效 / Invalid resident");
        }

        try
        {
            var (ticket, raced) = await intake.PlaceAsync(new TicketIntake.Order(body, item, resident.Id, user.Name(), key, hash, place), ct);
            return raced is null ? TypedResults.Created($"/api/tickets/{ticket.Id}", ticket) : Replayed(raced);
        }
        catch (WorkflowNotFoundException e)
        {
            // Nothing was stored: the order is refused whole rather than kept without a process to run it.
            return TypedResults.Problem(statusCode: 409, title: "服务流程未发布 / Service workflow not published", detail: e.Message);
        }
    }

    private static Results<Created<TicketCreated>, Ok<TicketCreated>, ValidationProblem, ProblemHttpResult> Replayed(IdempotentReplay replay) =>
        replay.Ticket is { } same
            ? TypedResults.Ok(same)
            : TypedResults.Problem(statusCode: 422, title: "幂等键已用于其他请求 / Idempotency key reused",
                detail: $"This {IdempotencyHeader} was already used with a different body.");

    /// <summary>One ticket with its timeline; a ticket outside the caller's subtree does not exist for them.</summary>
    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, CaseHubDbContext db, CancellationToken ct)
    {
        var row = await (from t in db.Set<Ticket>()
                         join j in db.Jurisdictions on t.JurisdictionId equals j.Id
                         join r in db.Set<Resident>() on t.ResidentId equals r.Id
                         where t.Id == id
                         select new { Ticket = t, Place = j, r.Name, r.Phone }).AsNoTracking().SingleOrDefaultAsync(ct);
        if (row is null || !(user.CanSee(row.Place) || await HasTaskOnAsync(user, id, db, ct))) return ApiErrors.NotFound("ticket", id.ToString());

        var tasks = await db.Set<CaseTask>().AsNoTracking().Where(t => t.TicketId == id).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        var open = (await TaskEndpoints.OpenTasks(db).Where(t => t.TicketId == id).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        var events = await db.Set<TicketEvent>().AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var ticket = row.Ticket;
        return TypedResults.Ok(new TicketView(ticket.Id, ticket.Number, ticket.ServiceCode, ticket.JurisdictionId, ticket.Channel, ticket.Status.ToString(),
            new ResidentView(row.Name, PersonalData.MaskPhone(row.Phone)), ticket.DueAt,
            events.Select(e => new EventView(e.At, e.Type, e.Actor, e.Data is null ? null : JsonDocument.Parse(e.Data).RootElement.Clone())).ToList(),
            tasks.Select(t => new TicketTaskView(t.Id, t.Kind, t.Title, [.. t.OutcomeList], t.DueAt, open.Contains(t.Id), t.Outcome, t.CompletedBy, t.CompletedAt)).ToList(),
            ticket.WorkflowInstanceId, ticket.ProviderId, ticket.CreatedAt, ticket.ItemVersion));
    }

    /// <summary>
    /// The resident's unmasked phone and ID number, for the people working the ticket (to call them back, to
    /// check an application). Every read is audited; channels, which only place orders, get 403.
    /// </summary>
    private static async Task<Results<Ok<ResidentRecord>, ProblemHttpResult>> ReadResident(Guid id, ClaimsPrincipal user, CaseHubDbContext db,
        ResidentDirectory residents, CancellationToken ct)
    {
        var row = await (from t in db.Set<Ticket>() join j in db.Jurisdictions on t.JurisdictionId equals j.Id where t.Id == id select new { t.ResidentId, Place = j })
            .AsNoTracking().SingleOrDefaultAsync(ct);
        if (row is null || !(user.CanSee(row.Place) || await HasTaskOnAsync(user, id, db, ct))) return ApiErrors.NotFound("ticket", id.ToString());
        if (user.IsInRole(Roles.Channel)) return ApiErrors.Forbidden("渠道不能查看居民完整信息 / Channels do not read residents' full records.");
        var record = await residents.ReadFullAsync(row.ResidentId, user.Name(), row.Place.Id, ct);
        return record is null ? ApiErrors.NotFound("resident", row.ResidentId.ToString()) : TypedResults.Ok(record);
    }

    /// <summary>Providers and station staff outside the ticket's subtree see the tickets they were given work on.</summary>
    private static async Task<bool> HasTaskOnAsync(ClaimsPrincipal user, Guid ticketId, CaseHubDbContext db, CancellationToken ct)
    {
        var provider = user.ProviderId();
        var home = user.HomeJurisdictionId();
        return await db.Set<CaseTask>().ForRole(user.Role())
            .AnyAsync(t => t.TicketId == ticketId && (provider == null ? t.JurisdictionId == home : t.ProviderId == provider), ct);
    }

    /// <summary>Tickets in the caller's subtree (narrowed to a place's subtree by <c>jurisdictionId</c>), newest first.</summary>
    private static async Task<Results<Ok<TicketPage>, ValidationProblem, ProblemHttpResult>> List(
        string? status, string? serviceCode, string? jurisdictionId, int? page, int? pageSize, ClaimsPrincipal user, CaseHubDbContext db, CancellationToken ct)
    {
        TicketStatus? wanted = null;
        if (status is not null)
        {
            // By name only: Enum.TryParse would also take "3" or "Dispatched, Closed".
            if (!Enum.GetNames<TicketStatus>().Contains(status))
                return ApiErrors.Invalid("status", $"须为 / must be one of: {string.Join(", ", Enum.GetNames<TicketStatus>())}");
            wanted = Enum.Parse<TicketStatus>(status);
        }
        if (page is < 1) return ApiErrors.Invalid("page", "页码从 1 开始 / page starts at 1");
        if (pageSize is < 1 or > MaxPageSize) return ApiErrors.Invalid("pageSize", $"每页 1–{MaxPageSize} 条 / pageSize must be 1–{MaxPageSize}");

        var scopeId = jurisdictionId ?? user.HomeJurisdictionId();
        var scope = await db.Jurisdictions.FindAsync([scopeId], ct);
        if (scope is null || !user.CanSee(scope)) return ApiErrors.NotFound("jurisdiction", scopeId);

        var query = from t in db.Set<Ticket>()
                    join j in db.Jurisdictions.Within(scope) on t.JurisdictionId equals j.Id
                    join r in db.Set<Resident>() on t.ResidentId equals r.Id
                    select new { Ticket = t, r.Name, r.Phone };
        // A provider's list is the work given to it, wherever it is.
        if (user.IsInRole(Roles.Provider)) query = query.Where(x => x.Ticket.ProviderId == user.ProviderId());
        if (wanted is { } s) query = query.Where(x => x.Ticket.Status == s);
        if (serviceCode is not null) query = query.Where(x => x.Ticket.ServiceCode == serviceCode);

        var total = await query.CountAsync(ct);
        var size = pageSize ?? 20;
        var rows = await query.OrderByDescending(x => x.Ticket.CreatedAt).ThenByDescending(x => x.Ticket.Id)
            .Skip(((page ?? 1) - 1) * size).Take(size).AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(new TicketPage(rows.Select(x => new TicketSummary(x.Ticket.Id, x.Ticket.Number, x.Ticket.ServiceCode, x.Ticket.JurisdictionId,
            x.Ticket.Channel, x.Ticket.Status.ToString(), new ResidentView(x.Name, PersonalData.MaskPhone(x.Phone)), x.Ticket.CreatedAt, x.Ticket.DueAt,
            x.Ticket.ProviderId, x.Ticket.WorkflowInstanceId)).ToList(), total));
    }
}
