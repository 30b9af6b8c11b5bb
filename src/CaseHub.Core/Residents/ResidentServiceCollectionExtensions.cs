using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Core.Residents;

public static class ResidentServiceCollectionExtensions
{
    /// <summary>The resident directory; Data Protection is added here too, and the host decides where its keys live.</summary>
    public static IServiceCollection AddCaseHubResidents(this IServiceCollection services)
    {
        services.AddDataProtection();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ResidentDirectory>();
        return services;
    }
}
