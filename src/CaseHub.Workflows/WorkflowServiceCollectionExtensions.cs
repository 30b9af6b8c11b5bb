using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Workflows;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// The engine on the host's <typeparamref name="TContext"/> (whose model must call
    /// <see cref="WorkflowModel.ApplyWorkflowModel"/>). Modules add activities by registering
    /// <see cref="ActivityDescriptor"/> singletons.
    /// </summary>
    public static IServiceCollection AddCaseHubWorkflows<TContext>(this IServiceCollection services, Action<WorkflowEngineOptions>? configure = null)
        where TContext : DbContext
    {
        var options = new WorkflowEngineOptions();
        configure?.Invoke(options);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ExpressionEngine.CreateDefault());
        services.AddSingleton(sp => new ActivityRegistry(BuiltInActivities.All(zone, new HttpAllowList(options.AllowedHttpHosts)).Concat(sp.GetServices<ActivityDescriptor>())));
        services.AddSingleton<CompiledWorkflowCache>();
        services.TryAddSingleton<IWorkflowScheduler, NoScheduler>();
        services.AddScoped(sp => new WorkflowDb(sp.GetRequiredService<TContext>()));
        services.AddScoped<IActivityUnitOfWork, TrackedUnitOfWork>();
        services.AddScoped<FlowchartRunner>();
        services.AddScoped<WorkflowDefinitions>();
        services.AddScoped<IChildWorkflows>(sp => sp.GetRequiredService<WorkflowDefinitions>());
        services.AddScoped<WorkflowRuntime>();
        services.AddScoped<WorkflowTimers>();
        services.AddScoped<WorkflowHttp>();
        services.AddScoped<WorkflowOutbox>();
        services.AddScoped<IOutboxHandler, EventOutboxHandler>();
        services.AddScoped<IOutboxHandler, StartWorkflowOutboxHandler>();
        return services;
    }
}
