using Microsoft.AspNetCore.Antiforgery;

namespace CaseHub.Host.Infrastructure;

/// <summary>
/// The response headers every answer carries. Pages get a Content-Security-Policy without inline script (the
/// pages load their scripts as files); the API reference and the job dashboard, which are third-party pages
/// with inline scripts of their own, get only the framing rule. Dynamic answers are never stored by a browser
/// or proxy: they may carry a resident's name or phone. Static files set their own caching.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void AddCaseHubTransportSecurity(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        builder.Services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
    }

    public static IApplicationBuilder UseSecurityHeaders(this WebApplication app)
    {
        // HSTS is only ever sent over HTTPS; the redirect only where the host listens on HTTPS at all.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        if ((app.Configuration["urls"] ?? app.Configuration["ASPNETCORE_URLS"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
            || app.Configuration["HTTPS_PORTS"] is { Length: > 0 })
            app.UseHttpsRedirection();

        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers.XFrameOptions = "DENY";
            var path = context.Request.Path;
            headers.ContentSecurityPolicy = path.StartsWithSegments("/scalar") || path.StartsWithSegments("/hangfire")
                ? "frame-ancestors 'none'" : PagePolicy;
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey("Cache-Control")) context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
