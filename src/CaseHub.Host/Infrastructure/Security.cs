using System.Security.Claims;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CaseHub.Host.Infrastructure;

public static class SecurityExtensions
{
    private const string PeopleOrClients = "CaseHub.PeopleOrClients";

    /// <summary>
    /// Identity on the CaseHub database, issuing bearer tokens for the API and cookies for pages and the
    /// job dashboard. Keys live in the database so any host of a cluster accepts any other's tokens.
    /// </summary>
    public static void AddCaseHubSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("CaseHub").PersistKeysToDbContext<CaseHubDbContext>();

        var security = builder.Configuration.GetSection("CaseHub:Security");
        builder.Services.AddIdentityApiEndpoints<CaseHubUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                // Identity's own lockout (per account, which anyone knowing the email could trigger) is not used:
                // SignInGuard counts failures per address and account.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CaseHubDbContext>()
            .AddClaimsPrincipalFactory<CaseHubClaimsFactory>();

        // People are sent to the login page and shown the theme's 403 page; an API client gets its status and a
        // problem body (redirecting it to a login page helps nobody).
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "casehub.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/login";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(security.GetValue("SessionHours", 10));
            o.Events.OnRedirectToLogin = ctx =>
            {
                if (ctx.Request.IsApi()) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else ctx.Response.Redirect(ctx.RedirectUri);
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        // Identity challenges with the bearer scheme; a person at a page is challenged by the cookie instead.
        builder.Services.AddAuthentication(o => o.DefaultChallengeScheme = o.DefaultForbidScheme = PeopleOrClients)
            .AddPolicyScheme(PeopleOrClients, null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.IsApi() || ctx.Request.Headers.Authorization.Count > 0 ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<SignInFailures>();
        builder.Services.AddScoped<SignInGuard>();
        builder.AddCaseHubRateLimits();
        builder.AddCaseHubTransportSecurity();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
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

/// <summary>The titles of the authorization problems, shared by the middleware and the handlers' own checks.</summary>
public static class ProblemTitles
{
    public const string Unauthorized = "未登录或令牌无效 / Unauthorized";
    public const string Forbidden = "无权访问 / Forbidden";
}

/// <summary>
/// A caller the route's policy turns away gets problem details like every other API error, in Chinese and English,
/// naming the roles the route needs; left to the framework, it would get a bare English "Forbidden".
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        // The framework challenges or forbids through the sign-in schemes (status, WWW-Authenticate); the body is ours.
        await _framework.HandleAsync(next, context, policy, result);
        if (result.Succeeded || context.Response.HasStarted || !context.Request.Path.StartsWithSegments("/api")) return;

        var problem = result.Forbidden
            ? new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = ProblemTitles.Forbidden, Detail = RolesNeeded(policy, result) }
            : new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized, Title = ProblemTitles.Unauthorized,
                Detail = "请先登录（POST /api/auth/login）并携带 Authorization: Bearer 令牌 / Sign in with POST /api/auth/login and send Authorization: Bearer <accessToken>.",
            };
        context.Response.StatusCode = problem.Status!.Value;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static string RolesNeeded(AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var failed = result.AuthorizationFailure?.FailedRequirements ?? policy.Requirements;
        var roles = failed.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        if (roles.Count == 0) return "您的账号无权执行此操作 / Your account may not do this.";
        var list = string.Join(", ", roles);
        return $"需要以下角色之一：{list} / Requires one of the roles: {list}.";
    }
}
