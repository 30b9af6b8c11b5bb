using System.Security.Claims;
using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Api;

public static class JurisdictionEndpoints
{
    public sealed record JurisdictionResponse(string Id, string Code, string Name, string? NameEn, JurisdictionKind Kind, string? ParentId, int? Population);

    public static void MapJurisdictionEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/jurisdictions", List).WithTags("Jurisdictions").WithName("ListJurisdictions").WithSummary("辖区列表 / The jurisdictions in the caller's subtree");

    /// <summary>The caller's subtree as a flat list, parents before children.</summary>
    private static async Task<Ok<List<JurisdictionResponse>>> List(ClaimsPrincipal user, CaseHubDbContext db, CancellationToken ct)
    {
        var home = (await db.Jurisdictions.FindAsync([user.HomeJurisdictionId()], ct))!;
        var nodes = await db.Jurisdictions.AsNoTracking().Within(home).ToListAsync(ct);
        return TypedResults.Ok(nodes
            .OrderBy(j => j.Path.Count(c => c == '/')).ThenBy(j => j.Path, StringComparer.Ordinal)
            .Select(j => new JurisdictionResponse(j.Id, j.Code, j.Name, j.NameEn, j.Kind, j.ParentId, j.Population))
            .ToList());
    }
}
