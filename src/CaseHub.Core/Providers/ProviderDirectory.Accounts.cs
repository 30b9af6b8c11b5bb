using CaseHub.Core.Cases;
using CaseHub.Core.Identity;

namespace CaseHub.Core.Providers;

public sealed partial class ProviderDirectory
{
    /// <summary>
    /// An account for someone who works for a provider the actor manages, so the provider's dispatch and delivery
    /// tasks have people to do them. The account, its role and its audit record commit together.
    /// </summary>
    public async Task<CaseResult<ProviderUserCreated>> CreateUserAsync(Actor actor, string providerId, CreateProviderUserRequest body, CancellationToken ct = default)
    {
        var (provider, refusal) = await ManagedAsync(actor, providerId, ct);
        if (refusal is not null) return refusal;
        var errors = ProviderValidation.Check(body);
        if (errors.Count > 0) return CaseResults.Invalid("账号无效 / Invalid account", errors);

        var email = body.Email!.Trim();
        if (await users.FindByEmailAsync(email) is not null) return CaseResults.Conflict("账号已存在 / Account exists", $"{email} already has an account.");
        var account = CaseHubUser.Create(email, body.DisplayName!.Trim(), provider!.JurisdictionId, provider.Id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The password rules are Identity's; their messages name what is missing.
        var created = await users.CreateAsync(account, body.Password!);
        if (!created.Succeeded)
            return CaseResults.Invalid("账号无效 / Invalid account", new Dictionary<string, string[]> { ["password"] = [.. created.Errors.Select(e => e.Description)] });
        await users.AddToRoleAsync(account, Roles.Provider);
        audit.Record(actor.Name, "provider.user.create", nameof(CaseHubUser), account.Id, provider.JurisdictionId, new { providerId = provider.Id, email });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CaseResults.Created(new ProviderUserCreated(account.Id, email, account.DisplayName, provider.Id, Roles.Provider));
    }
}
