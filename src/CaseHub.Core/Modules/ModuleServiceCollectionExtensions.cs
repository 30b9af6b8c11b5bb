using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Modules;

public static class ModuleServiceCollectionExtensions
{
    /// <summary>Registers the given modules and lets each add its services. Module ids must be unique.</summary>
    public static IServiceCollection AddCaseHubModules(this IServiceCollection services, params ICaseHubModule[] modules)
    {
        var duplicate = modules.GroupBy(m => m.Manifest.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Module id '{duplicate.Key}' is registered twice.");

        foreach (var module in modules)
        {
            services.AddSingleton(module);
            module.ConfigureServices(services);
        }
        services.AddSingleton<ModuleRegistry>();
        return services;
    }
}
