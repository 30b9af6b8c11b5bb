using System.Net.Mail;
using System.Security.Claims;
using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Api;

/// <summary>
/// <c>POST /api/providers/{id}/users</c>: an account for someone who works for a provider, so the provider's
/// dispatch and delivery tasks have people to do them. Administrators anywhere, county officers for providers
/// inside their county.
/// </summary>
public static class ProviderUserEndpoint
{
    public sealed record CreateProviderUserRequest(string? Email, string? DisplayName, string? Password);
    public sealed record ProviderUserCreated(string Id, string Email, string DisplayName, string ProviderId, string Role);

    public static void MapProviderUserEndpoint(this RouteGroupBuilder managers) => managers.MapPost("/{id}/users", Create).WithName("CreateProviderUser").WithSummary("开通服务方账号 / Create an account for a provider's staff");

    private static async Task<Results<Created<ProviderUserCreated>, ValidationProblem, ProblemHttpResult>> Create(string id, CreateProviderUserRequest body,
        ClaimsPrincipal user, CaseHubDbContext db, UserManager<CaseHubUser> users, AuditLog audit, CancellationToken ct)
    {
        var provider = await db.Providers.FindAsync([id], ct);
        var home = provider is null ? null : await db.Jurisdictions.FindAsync([provider.JurisdictionId], ct);
        if (provider is null || home is null || !user.CanSee(home)) return ApiErrors.NotFound("provider", id);

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Email) || !MailAddress.TryCreate(body.Email.Trim(), out _))
            errors["email"] = ["须为有效的邮箱 / must be a valid email address"];
        if (string.IsNullOrWhiteSpace(body.DisplayName) || body.DisplayName.Length > 100)
            errors["displayName"] = ["必填，最多 100 字 / required, at most 100 characters"];
        if (string.IsNullOrEmpty(body.Password)) errors["password"] = ["必填 / required"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "账号无效 / Invalid account");

        var email = body.Email!.Trim();
        if (await users.FindByEmailAsync(email) is not null)
            return TypedResults.Problem(statusCode: 409, title: "账号已存在 / Account exists", detail: $"{email} already has an account.");
        var account = CaseHubUser.Create(email, body.DisplayName!.Trim(), provider.JurisdictionId, provider.Id);
        // The account, its role and its audit record commit together. The password rules are Identity's; their messages name what is missing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(account, body.Password!);
        if (!created.Succeeded)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [.. created.Errors.Select(e => e.Description)] },
                title: "账号无效 / Invalid account");
        await users.AddToRoleAsync(account, Roles.Provider);
        audit.Record(user.Name(), "provider.user.create", nameof(CaseHubUser), account.Id, provider.JurisdictionId, new { providerId = provider.Id, email });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/providers/{provider.Id}/users/{account.Id}",
            new ProviderUserCreated(account.Id, email, account.DisplayName, provider.Id, Roles.Provider));
    }
}
