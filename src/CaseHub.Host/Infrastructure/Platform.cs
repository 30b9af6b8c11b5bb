using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using System.Text.Json.Serialization;
using CaseHub.Core;
using CaseHub.Core.Audit;
using CaseHub.Core.Cases;
using CaseHub.Core.Catalog;
using CaseHub.Core.Dashboard;
using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Providers;
using CaseHub.Core.Residents;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using CaseHub.Host.Api;
using Serilog;

namespace CaseHub.Host.Infrastructure;

public static class PlatformExtensions
{
    /// <summary>Everything the host needs apart from the modules themselves.</summary>
    public static void AddCaseHubPlatform(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("CaseHub").Get<CaseHubOptions>() ?? new CaseHubOptions();
        options.EnsureAdministratorSource();
        options.EnsureCaseSettings();
        builder.Services.AddSingleton(options);

        builder.AddCaseHubProblems();
        builder.AddCaseHubPersistence();
        builder.AddCaseHubWorkflowEngine();
        builder.AddCaseHubSecurity();
        builder.AddCaseHubOperations();
        builder.AddCaseHubWebUi();
        // Pages are Chinese first: emit CJK text as is rather than as &#x...; entities.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddScoped<CaseHubSeeder>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AuditSealer>();
        builder.Services.AddSingleton(sp => new AuditAnchor(AuditAnchorPath(builder), sp.GetRequiredService<ILogger<AuditAnchor>>()));
        builder.Services.AddScoped<AuditJobs>();
        builder.Services.AddScoped<ProviderAccreditations>();
        builder.Services.AddScoped<ProviderDirectory>();
        builder.Services.AddScoped<ModuleAccess>();
        builder.Services.AddScoped<CatalogQuery>();
        builder.Services.AddScoped<CatalogAdmin>();
        builder.Services.AddScoped<TicketNumbers>();
        builder.Services.AddCaseHubSla(builder.Configuration);
        builder.Services.AddScoped<SlaJobs>();
        builder.Services.AddCaseHubResidents();
        builder.Services.AddCaseHubCases();
        builder.AddCaseHubVisitJobs();
        builder.Services.AddCaseHubDashboard();
        builder.AddCaseHubNotifications();
    }

    /// <summary>
    /// CaseHub:Audit:AnchorFile, or a file per database under App_Data (named by a hash of the connection string,
    /// so two databases on one machine never share an anchor).
    /// </summary>
    private static string AuditAnchorPath(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["CaseHub:Audit:AnchorFile"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            var database = builder.Configuration.GetConnectionString("CaseHub") ?? "default";
            var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(database)))[..16].ToLowerInvariant();
            configured = $"App_Data/audit-anchor-{key}.log";
        }
        return Path.Combine(builder.Environment.ContentRootPath, configured);
    }

    public static void UseCaseHubPipeline(this WebApplication app)
    {
        // Outside the exception handler, so the line says the status the client got (a refused body is a 400, not a 500).
        // Through this host's logger: the middleware would otherwise write to the static Log.Logger, which each host leaves alone.
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.GetLevel = LoggingExtensions.RequestLevel;
        });
        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        app.UseCaseHubWebUi();
        app.UseRequestSizeLimit();
        app.UseJsonBodyGuard();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapRazorPages();
    }
}
