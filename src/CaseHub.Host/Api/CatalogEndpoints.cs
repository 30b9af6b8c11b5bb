using System.Text.Json;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

public static class CatalogEndpoints
{
    public sealed record CatalogItemResponse(
        string Code, string Function, string Name, string? NameEn, string Mode, bool NeedsApproval,
        string ScopeJurisdictionId, JsonElement FormSchema, string? WorkflowDefinitionId, int SlaHours, bool IsLocal, string? Provider);

    public static void MapCatalogEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/catalog", Effective).WithTags("Catalog").AllowAnonymous();

    /// <summary>What residents of a place can order there now. Anonymous: the channels show it before sign-in.</summary>
    private static async Task<Results<Ok<List<CatalogItemResponse>>, ValidationProblem, ProblemHttpResult>> Effective(
        string? jurisdictionId, CaseHubDbContext db, CatalogQuery catalog, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(jurisdictionId)) return ApiErrors.Invalid("jurisdictionId", "请指定辖区 / jurisdictionId is required");
        var place = await db.Jurisdictions.FindAsync([jurisdictionId], ct);
        if (place is null) return ApiErrors.NotFound("jurisdiction", jurisdictionId);

        var items = await catalog.EffectiveItemsAsync(place, ct);
        return TypedResults.Ok(items.Select(ToResponse).ToList());
    }

    private static CatalogItemResponse ToResponse(ServiceItem i) => new(
        i.Code, i.Function, i.Name, i.NameEn, i.Mode, i.NeedsApproval, i.ScopeJurisdictionId,
        JsonDocument.Parse(i.FormSchema).RootElement.Clone(), i.WorkflowDefinitionId, i.SlaHours, i.IsLocal, i.ProviderName);
}
