using CaseHub.Core.Data;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CaseHub.Host.Infrastructure;

public static class OperationsExtensions
{
    public static void AddCaseHubOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<CaseHubDbContext>("database", tags: ["ready"])
            .AddCheck<JobStorageHealthCheck>("jobs", tags: ["ready"]);
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecurityScheme>();
            o.AddOperationTransformer<BearerSecurityScheme>();
        });
    }

    /// <summary>Health, API description and the administrators' job dashboard.</summary>
    public static void MapCaseHubOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        // Outside Development the API's map is for signed-in users unless CaseHub:Security:PublicApiDocs says otherwise.
        var docsArePublic = app.Environment.IsDevelopment() || app.Configuration.GetValue("CaseHub:Security:PublicApiDocs", false);
        var openApi = app.MapOpenApi();
        if (!docsArePublic) openApi.RequireAuthorization();
        // Stations and county offices sit on a government intranet: nothing on the page may call out to Scalar's
        // cloud (AI agent, MCP, telemetry, CDN fonts, deploy and SDK tools, the client download button), and
        // "try it" requests go straight from the browser to this host, never through a proxy.
        var scalar = app.MapScalarApiReference(o => o
            .WithTitle("CaseHub API 接口文档 / API reference")
            .AddPreferredSecuritySchemes(BearerSecurityScheme.Name)
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .DisableDefaultFonts()
            .HideDeveloperTools()
            .HideClientButton());
        if (!docsArePublic) scalar.RequireAuthorization();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdministratorDashboardFilter()],
            DashboardTitle = "CaseHub 后台任务 / Jobs",
        });
    }
}

/// <summary>Ready only when Hangfire's storage answers and a job server is registered in it.</summary>
internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers().Count;
            return Task.FromResult(servers > 0
                ? HealthCheckResult.Healthy($"{servers} job server(s)")
                : HealthCheckResult.Unhealthy("No Hangfire server is running."));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Job storage unreachable.", e));
        }
    }
}

/// <summary>
/// Declares the bearer tokens of <c>POST /api/auth/login</c> in the API document, and requires one on every operation
/// that is not anonymous, so the reference UI offers a token field and sends it.
/// </summary>
internal sealed class BearerSecurityScheme : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Name = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "POST /api/auth/login 返回的 accessToken / the accessToken from POST /api/auth/login",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Name, context.Document)] = [] }];
        return Task.CompletedTask;
    }
}
