using System.Globalization;
using System.IO.Compression;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Infrastructure;

public static class WebUiExtensions
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>The pages: Razor Pages with Chinese-first text, compressed responses, cookie sign-in that redirects people (not API clients) to the login page.</summary>
    public static void AddCaseHubWebUi(this WebApplicationBuilder builder)
    {
        // The themes' CSS lives in their projects until publish copies it; outside Production (tests run as
        // "Testing") serve it from the build's static web assets manifest, as Development does by itself.
        if (!builder.Environment.IsProduction()) builder.WebHost.UseStaticWebAssets();
        builder.Services.AddSingleton<UiTextLocalizerFactory>();
        builder.Services.AddSingleton<IStringLocalizerFactory>(sp => sp.GetRequiredService<UiTextLocalizerFactory>());
        builder.Services.AddLocalization();
        builder.Services.AddRazorPages(o => o.Conventions.AddPageRoute("/Errors/Status", "/error/{code:int}"));
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "casehub.af");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" }, new CookieRequestCultureProvider()];
        });
        // Island links are slow: text answers go out compressed, Brotli first. Over HTTPS too: the one secret
        // in a page, the antiforgery token, is freshly encrypted for every response, which defeats BREACH.
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["image/svg+xml"]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
    }

    /// <summary>Machine routes: the API, workflow HTTP endpoints, the API description and health. Everything else is a page.</summary>
    public static bool IsApi(this HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/workflows")
        || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/health");

    /// <summary>
    /// Error statuses: API callers get problem details; people get the theme's 403/404 page (re-executed,
    /// so the address bar keeps the URL they typed). <c>?lang=</c> is remembered in the culture cookie.
    /// </summary>
    public static void UseCaseHubWebUi(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseWhen(c => c.Request.IsApi(), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.IsApi(), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseRequestLocalization();
        app.Use((context, next) =>
        {
            if (context.Request.Query["lang"] is [{ } lang] && Cultures.Any(c => c.Name == lang))
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(lang)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps });
            return next(context);
        });
        // Fingerprinted files (asp-append-version adds ?v=<hash>) may be cached for a year; others revalidate.
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = f => f.Context.Response.Headers.CacheControl =
                f.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        // Routing after the status-code pages, so a re-executed /error/404 is routed to its page.
        app.UseRouting();
    }
}
