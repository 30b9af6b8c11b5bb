using System.Security.Claims;
using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

/// <summary><c>/api/providers</c>: the provider directory does the work; who sees and who manages which provider is its rule.</summary>
public static class ProviderEndpoints
{
    public static void MapProviderEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/providers").WithTags("Providers");
        group.MapGet("", List).WithName("ListProviders").WithSummary("服务方列表 / The providers serving the caller's jurisdiction");
        group.MapGet("/{id}/accreditation", History).WithName("GetAccreditationHistory").WithSummary("资质记录 / A provider's accreditation history");
        var managers = group.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.CountyOfficer));
        managers.MapPost("", Create).WithName("CreateProvider").WithSummary("登记服务方 / Register a provider");
        managers.MapPost("/{id}/accreditation", Accredit).WithName("AccreditProvider").WithSummary("变更资质 / Contract, give notice to or revoke a provider");
        managers.MapProviderUserEndpoint();
    }

    private static async Task<Results<Ok<List<ProviderResponse>>, Created<List<ProviderResponse>>, ValidationProblem, ProblemHttpResult>> List(
        ClaimsPrincipal user, ProviderDirectory providers, CancellationToken ct) =>
        (await providers.ListAsync(user.Actor(), ct)).ToHttp();

    private static async Task<Results<Ok<ProviderResponse>, Created<ProviderResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateProviderRequest body, ClaimsPrincipal user, ProviderDirectory providers, CancellationToken ct) =>
        (await providers.CreateAsync(user.Actor(), body, ct)).ToHttp(p => $"/api/providers/{p.Id}");

    private static async Task<Results<Ok<ProviderResponse>, Created<ProviderResponse>, ValidationProblem, ProblemHttpResult>> Accredit(
        string id, AccreditationRequest body, ClaimsPrincipal user, ProviderDirectory providers, CancellationToken ct) =>
        (await providers.AccreditAsync(user.Actor(), id, body, ct)).ToAccreditationHttp();

    private static async Task<Results<Ok<List<AccreditationEventResponse>>, Created<List<AccreditationEventResponse>>, ValidationProblem, ProblemHttpResult>> History(
        string id, ClaimsPrincipal user, ProviderDirectory providers, CancellationToken ct) =>
        (await providers.HistoryAsync(user.Actor(), id, ct)).ToHttp();

    /// <summary>The accreditation 409 has always named the provider's <c>state</c> and its <c>allowedActions</c>; everything else maps as any case result.</summary>
    private static Results<Ok<ProviderResponse>, Created<ProviderResponse>, ValidationProblem, ProblemHttpResult> ToAccreditationHttp(this CaseResult<ProviderResponse> result) =>
        result is { Outcome: CaseOutcome.Conflict, Problem: { } problem }
            ? TypedResults.Problem(statusCode: 409, title: problem.Title, detail: problem.Detail,
                extensions: new Dictionary<string, object?> { ["state"] = problem.CurrentStatus, ["allowedActions"] = problem.AllowedMoves })
            : result.ToHttp();
}
