using System.Security.Claims;
using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Residents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using CaseHub.Host.Api.Exports;
using CaseHub.Host.Infrastructure;
using CaseHub.Host.Ui;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Api;

/// <summary><c>/api/tickets</c>: orders, ticket reads and lists, the resident's full record; the case facade does the work.</summary>
public static class TicketEndpoints
{
    public sealed record FeedbackRequest(int? Rating, string? Comment);

    public static void MapTicketEndpoints(this IEndpointRouteBuilder api)
    {
        var tickets = api.MapGroup("/tickets").WithTags("Tickets")
            .RequireAuthorization(p => p.RequireRole(Roles.Channel, Roles.StationStaff, Roles.Caseworker, Roles.CountyOfficer, Roles.Administrator, Roles.Provider));
        tickets.MapPost("", Create).RequireRateLimiting(RateLimits.Intake).WithName("CreateTicket").WithSummary("受理工单 / Order a service (create a ticket)");
        tickets.MapPost("/{id:guid}/feedback", Rate).WithName("GiveFeedback").WithSummary("服务评价 / Rate a delivered service");
        tickets.MapGet("/{id:guid}/resident", ReadResident).WithName("ReadTicketResident").WithSummary("查看居民完整信息 / The resident's unmasked record (audited)");
        tickets.MapGet("/{id:guid}", Get).WithName("GetTicket").WithSummary("工单详情 / A ticket with its timeline and tasks");
        tickets.MapGet("", List).WithName("ListTickets").WithSummary("工单列表 / The tickets the caller may see");
        tickets.MapGet("/export", Export).WithName("ExportTickets").WithSummary("导出工单 / The list (with its filters) as CSV or XLSX");
    }

    /// <summary>An order from a channel or a station. Channels must send an Idempotency-Key, since they retry on their own.</summary>
    private static async Task<Results<Ok<TicketCreated>, Created<TicketCreated>, ValidationProblem, ProblemHttpResult>> Create(PlaceOrder body,
        [FromHeader(Name = OrderValidation.IdempotencyHeader)] string? key, ClaimsPrincipal user, CaseService cases, CancellationToken ct) =>
        (await cases.PlaceOrderAsync(user.Actor(), body, key, ct)).ToHttp(t => $"/api/tickets/{t.Id}");

    private static async Task<Results<Ok<FeedbackCreated>, Created<FeedbackCreated>, ValidationProblem, ProblemHttpResult>> Rate(Guid id,
        FeedbackRequest body, ClaimsPrincipal user, CaseService cases, CancellationToken ct) =>
        (await cases.RateAsync(user.Actor(), id, body.Rating, body.Comment, ct)).ToHttp(f => $"/api/tickets/{f.TicketId}");

    private static async Task<Results<Ok<ResidentRecord>, Created<ResidentRecord>, ValidationProblem, ProblemHttpResult>> ReadResident(Guid id,
        ClaimsPrincipal user, CaseService cases, CancellationToken ct) =>
        (await cases.RevealResidentAsync(user.Actor(), id, ct)).ToHttp();

    private static async Task<Results<Ok<TicketView>, Created<TicketView>, ValidationProblem, ProblemHttpResult>> Get(Guid id,
        ClaimsPrincipal user, CaseService cases, CancellationToken ct) =>
        (await cases.ReadTicketAsync(user.Actor(), id, ct)).ToHttp();

    private static async Task<Results<Ok<Page<TicketSummary>>, Created<Page<TicketSummary>>, ValidationProblem, ProblemHttpResult>> List(
        [AsParameters] TicketFilter filter, ClaimsPrincipal user, CaseService cases, CancellationToken ct) =>
        (await cases.ListTicketsAsync(user.Actor(), filter, ct)).ToHttp();

    /// <summary>Every ticket of the list's filters as a file (<c>format</c>: csv, the default, or xlsx), streamed, phones masked.</summary>
    private static async Task<IResult> Export([AsParameters] TicketFilter filter, string? format, ClaimsPrincipal user, CaseService cases,
        IStringLocalizer<UiText> L, CancellationToken ct)
    {
        format = string.IsNullOrEmpty(format) ? "csv" : format;
        if (!TableFile<object>.Formats.Contains(format)) return ApiErrors.Invalid("format", "须为 csv 或 xlsx / must be csv or xlsx");
        var rows = await cases.ExportTicketsAsync(user.Actor(), filter, ct);
        return rows.Value is { } stream ? new TableFile<TicketExportRow>("tickets", ExportTables.Tickets(L), stream) { Format = format } : rows.ToHttp();
    }
}
