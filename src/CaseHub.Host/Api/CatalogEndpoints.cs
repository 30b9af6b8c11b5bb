using System.Security.Claims;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

/// <summary><c>/api/catalog</c>: the effective catalogue of a place, and the changes <see cref="CatalogAdmin"/> makes to it.</summary>
public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this IEndpointRouteBuilder api)
    {
        var catalog = api.MapGroup("/catalog").WithTags("Catalog");
        catalog.MapGet("", Effective).AllowAnonymous().WithName("GetCatalog").WithSummary("服务目录 / The catalogue in effect in a jurisdiction");
        var managers = catalog.MapGroup("/items").RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.CountyOfficer));
        managers.MapPost("", Create).WithName("CreateCatalogItem").WithSummary("新增本地服务项 / Create a local \"X\" service item");
        managers.MapPut("/{code}/overrides/{jurisdictionId}", Override).WithName("OverrideCatalogItem").WithSummary("区县调整服务项 / Change or hide an item in a county");
    }

    /// <summary>A local "X" item. Administrators anywhere; county officers inside their county.</summary>
    private static async Task<Results<Ok<CatalogItemResponse>, Created<CatalogItemResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateItemRequest body, ClaimsPrincipal user, CatalogAdmin admin, CancellationToken ct) =>
        (await admin.CreateItemAsync(user.Actor(), body, ct)).ToHttp(i => $"/api/catalog?jurisdictionId={i.ScopeJurisdictionId}");

    private static async Task<Results<Ok<CatalogItemResponse>, Created<CatalogItemResponse>, ValidationProblem, ProblemHttpResult>> Override(
        string code, string jurisdictionId, OverrideRequest body, ClaimsPrincipal user, CatalogAdmin admin, CancellationToken ct) =>
        (await admin.OverrideAsync(user.Actor(), code, jurisdictionId, body, ct)).ToHttp();

    /// <summary>What residents of a place can order there now. Anonymous: the channels show it before sign-in.</summary>
    private static async Task<Results<Ok<List<CatalogItemResponse>>, ValidationProblem, ProblemHttpResult>> Effective(
        string? jurisdictionId, CaseHubDbContext db, CatalogQuery catalog, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(jurisdictionId)) return ApiErrors.Invalid("jurisdictionId", "请指定辖区 / jurisdictionId is required");
        var place = await db.Jurisdictions.FindAsync([jurisdictionId], ct);
        if (place is null) return ApiErrors.NotFound("jurisdiction", jurisdictionId);

        var items = await catalog.EffectiveItemsAsync(place, ct);
        return TypedResults.Ok(items.Select(CatalogItemResponse.From).ToList());
    }
}
