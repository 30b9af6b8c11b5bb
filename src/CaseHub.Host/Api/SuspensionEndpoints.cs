using System.Security.Claims;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Sla;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

public static class SuspensionEndpoints
{
    /// <summary>Times as ISO 8601 strings; one without an offset is read as China time, the time officers mean.</summary>
    public sealed record SuspensionRequest(string? From, string? To, string? Reason);
    public sealed record SuspensionResponse(Guid Id, string JurisdictionId, DateTimeOffset From, DateTimeOffset To, string Reason, string CreatedBy, DateTimeOffset CreatedAt);

    public static void MapSuspensionEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/jurisdictions/{id}/suspensions").WithTags("Suspensions");
        group.MapGet("", List).WithName("ListSuspensions").WithSummary("暂停时段 / The suspensions pausing clocks in a place");
        group.MapPost("", Declare).RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.CountyOfficer))
            .WithName("DeclareSuspension").WithSummary("宣布暂停（台风、停航）/ Declare a suspension (typhoon, ferries stopped)");
    }

    /// <summary>The suspensions that pause clocks in a place: its own and those of every jurisdiction above it.</summary>
    private static async Task<Results<Ok<List<SuspensionResponse>>, ProblemHttpResult>> List(
        string id, ClaimsPrincipal user, CaseHubDbContext db, Suspensions suspensions, CancellationToken ct)
    {
        var place = await db.Jurisdictions.FindAsync([id], ct);
        if (place is null) return ApiErrors.NotFound("jurisdiction", id);
        if (!user.CanSee(place)) return ApiErrors.OutsideJurisdiction(place);
        return TypedResults.Ok((await suspensions.AffectingAsync(place, ct)).Select(ToResponse).ToList());
    }

    private static async Task<Results<Created<SuspensionResponse>, ValidationProblem, ProblemHttpResult>> Declare(
        string id, SuspensionRequest body, ClaimsPrincipal user, CaseHubDbContext db, Suspensions suspensions, CancellationToken ct)
    {
        var place = await db.Jurisdictions.FindAsync([id], ct);
        if (place is null) return ApiErrors.NotFound("jurisdiction", id);
        if (!user.CanSee(place)) return ApiErrors.OutsideJurisdiction(place);

        if (!TimeText.TryRead(body.From, out var from)) return ApiErrors.Invalid("from", "请填写开始时间（ISO 8601）/ from must be an ISO 8601 date-time");
        if (!TimeText.TryRead(body.To, out var to)) return ApiErrors.Invalid("to", "请填写结束时间（ISO 8601）/ to must be an ISO 8601 date-time");
        if (to <= from) return ApiErrors.Invalid("to", "结束时间必须晚于开始时间 / to must be later than from");
        if (string.IsNullOrWhiteSpace(body.Reason)) return ApiErrors.Invalid("reason", "请填写暂停原因 / reason is required");
        var reason = body.Reason.Trim();
        if (reason.Length > Suspension.ReasonMaxLength)
            return ApiErrors.Invalid("reason", $"原因不能超过 {Suspension.ReasonMaxLength} 个字 / reason may be at most {Suspension.ReasonMaxLength} characters");

        var suspension = await suspensions.DeclareAsync(place, from, to, reason, user.Name(), ct);
        return TypedResults.Created($"/api/jurisdictions/{place.Id}/suspensions", ToResponse(suspension));
    }

    private static SuspensionResponse ToResponse(Suspension s) =>
        new(s.Id, s.JurisdictionId, s.From, s.To, s.Reason, s.CreatedBy, s.CreatedAt);
}
