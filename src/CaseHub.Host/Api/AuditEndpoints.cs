using System.Text.Json.Serialization;
using CaseHub.Core.Audit;
using CaseHub.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

public static class AuditEndpoints
{
    public sealed record VerifyResponse(bool Intact, long Rows,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? FirstBrokenRowId);

    public static void MapAuditEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/audit/verify", Verify).WithTags("Audit").WithName("VerifyAuditChain").WithSummary("校验审计链 / Verify the audit hash chain")
            .RequireAuthorization(p => p.RequireRole(Roles.Administrator));
    }

    /// <summary>Re-hashes the whole audit chain and names the first row that does not match.</summary>
    private static async Task<Ok<VerifyResponse>> Verify(AuditLog audit, CancellationToken ct)
    {
        var result = await audit.VerifyAsync(ct);
        return TypedResults.Ok(new VerifyResponse(result.Intact, result.Rows, result.FirstBrokenRowId));
    }
}
