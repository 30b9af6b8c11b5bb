using System.Security.Claims;
using CaseHub.Core.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

/// <summary>
/// <c>POST /api/providers/{id}/users</c>: an account for someone who works for a provider, so the provider's
/// dispatch and delivery tasks have people to do them. Administrators anywhere, county officers for providers
/// that belong inside their county.
/// </summary>
public static class ProviderUserEndpoint
{
    public static void MapProviderUserEndpoint(this RouteGroupBuilder managers) => managers.MapPost("/{id}/users", Create).WithName("CreateProviderUser").WithSummary("开通服务方账号 / Create an account for a provider's staff");

    private static async Task<Results<Ok<ProviderUserCreated>, Created<ProviderUserCreated>, ValidationProblem, ProblemHttpResult>> Create(
        string id, CreateProviderUserRequest body, ClaimsPrincipal user, ProviderDirectory providers, CancellationToken ct) =>
        (await providers.CreateUserAsync(user.Actor(), id, body, ct)).ToHttp(u => $"/api/providers/{u.ProviderId}/users/{u.Id}");
}
