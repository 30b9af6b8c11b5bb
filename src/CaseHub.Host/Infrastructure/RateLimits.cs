using System.Globalization;
using System.Threading.RateLimiting;
using CaseHub.Core.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Host.Infrastructure;

/// <summary>
/// ASP.NET Core's rate limiter on the two doors worth hammering: sign-in (per client address) and ticket
/// intake (per Channel account). Figures from <c>CaseHub:RateLimits</c>; a refused request is a 429 with
/// <c>Retry-After</c> and a bilingual problem body.
/// </summary>
public static class RateLimits
{
    public const string Intake = "intake";

    private static bool IsSignIn(HttpRequest request) => HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/api/auth/login", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase));

    public static void AddCaseHubRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("CaseHub:RateLimits");
        var signInPerMinute = limits.GetValue("SignInPerMinute", 30);
        var intakePerMinute = limits.GetValue("IntakePerMinute", 1200);
        builder.Services.AddRateLimiter(o =>
        {
            // One bucket per client address for both doors, the API's and the page's (a GET of the form is free).
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignIn(http.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(""));
            // Only channels are limited: a person at a station cannot outrun it, an integration in a loop can.
            o.AddPolicy(Intake, http => http.User.IsInRole(Roles.Channel)
                ? RateLimitPartition.GetTokenBucketLimiter(http.User.Identity?.Name ?? "channel", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, intakePerMinute / 6), TokensPerPeriod = Math.Max(1, intakePerMinute / 60),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("people"));
            o.OnRejected = async (ctx, ct) =>
            {
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
                var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = { Status = 429, Title = "请求过于频繁 / Too many requests", Detail = $"请 {seconds} 秒后再试 / Try again in {seconds} s." },
                });
            };
        });
    }
}
