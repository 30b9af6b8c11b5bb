using CaseHub.Core.Identity;
using CaseHub.Host.Infrastructure;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CaseHub.Host.Api;

public static class AuthEndpoints
{
    public sealed record LoginRequest(string? Email, string? Password);
    public sealed record RefreshRequest(string? RefreshToken);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", Login).AllowAnonymous().WithName("Login").WithSummary("登录并取得令牌 / Sign in and get a bearer token");
        auth.MapPost("/refresh", Refresh).AllowAnonymous().WithName("RefreshToken").WithSummary("刷新令牌 / Exchange a refresh token for a new token");
        auth.MapGet("/me", Me).RequireAuthorization().WithName("GetCurrentUser").WithSummary("当前用户 / The signed-in user, roles and home jurisdiction");
    }

    /// <summary>Answers with Identity's bearer token shape: tokenType, accessToken, expiresIn, refreshToken.</summary>
    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> Login(LoginRequest body, SignInGuard guard, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(body.Email)) return ApiErrors.Invalid("email", "请输入邮箱 / email is required");
        if (string.IsNullOrEmpty(body.Password)) return ApiErrors.Invalid("password", "请输入密码 / password is required");

        var outcome = await guard.SignInAsync(body.Email, body.Password, http.Connection.RemoteIpAddress, IdentityConstants.BearerScheme);
        if (outcome.Answer == SignInAnswer.SignedIn) return TypedResults.Empty; // the bearer handler has written the token
        if (outcome.Answer == SignInAnswer.Refused) return TypedResults.Problem(statusCode: 401, title: "邮箱或密码错误 / Wrong email or password");

        var minutes = (int)Math.Ceiling(outcome.RetryAfter.TotalMinutes);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(outcome.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: 429, title: "尝试次数过多 / Too many attempts",
            detail: $"此地址对该账号的密码错误次数过多，请 {minutes} 分钟后再试 / Too many wrong passwords for this account from this address; try again in {minutes} min.");
    }

    private static async Task<Results<SignInHttpResult, ChallengeHttpResult, ValidationProblem>> Refresh(
        RefreshRequest body, SignInManager<CaseHubUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(body.RefreshToken)) return ApiErrors.Invalid("refreshToken", "refreshToken is required");
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
            return TypedResults.Challenge();
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Ok<MeResponse>> Me(HttpContext http, UserManager<CaseHubUser> users)
    {
        var user = (await users.GetUserAsync(http.User))!;
        return TypedResults.Ok(new MeResponse(user.Email!, user.DisplayName, [.. await users.GetRolesAsync(user)], user.HomeJurisdictionId, user.ProviderId));
    }

    public sealed record MeResponse(string Email, string DisplayName, IReadOnlyList<string> Roles, string JurisdictionId, string? ProviderId);
}
