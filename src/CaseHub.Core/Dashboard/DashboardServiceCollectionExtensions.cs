using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddCaseHubDashboard(this IServiceCollection services)
    {
        services.AddScoped<IslandVisits>();
        services.AddScoped<DashboardService>();
        return services;
    }
}
