using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Core.Sla;

public static class SlaServiceCollectionExtensions
{
    /// <summary>The business calendar (section <c>CaseHub:Sla</c>) and suspensions.</summary>
    public static IServiceCollection AddCaseHubSla(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("CaseHub:Sla").Get<BusinessCalendarOptions>() ?? new BusinessCalendarOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<BusinessCalendarSource>();
        services.AddScoped<Suspensions>();
        return services;
    }
}
