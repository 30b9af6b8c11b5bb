using System.Security.Claims;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CaseHub.Host.Infrastructure;

public static class SecurityExtensions
{
    /// <summary>
    /// Identity on the CaseHub database, issuing bearer tokens for the API and cookies for pages and the
    /// job dashboard. Keys live in the database so any host of a cluster accepts any other's tokens.
    /// </summary>
    public static void AddCaseHubSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("CaseHub").PersistKeysToDbContext<CaseHubDbContext>();

        builder.Services.AddIdentityApiEndpoints<CaseHubUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CaseHubDbContext>()
            .AddClaimsPrincipalFactory<CaseHubClaimsFactory>();

        // The API answers 401/403 itself; redirecting an API client to a login page helps nobody.
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "casehub.auth";
            o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        builder.Services.AddAuthorization();
    }
}

/// <summary>Adds the home jurisdiction and provider organisation to every principal Identity builds.</summary>
public sealed class CaseHubClaimsFactory(UserManager<CaseHubUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CaseHubUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CaseHubUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CaseHubClaims.Jurisdiction, user.HomeJurisdictionId));
        identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        if (user.ProviderId is not null) identity.AddClaim(new Claim(CaseHubClaims.Provider, user.ProviderId));
        return identity;
    }
}

/// <summary>The Hangfire dashboard is for administrators only.</summary>
public sealed class AdministratorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Administrator);
}
