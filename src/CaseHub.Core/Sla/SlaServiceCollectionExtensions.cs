using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Core.Sla;

public static class SlaServiceCollectionExtensions
{
    /// <summary>The business calendar (section <c>CaseHub:Sla</c>), suspensions, ticket due times and escalation.</summary>
    public static IServiceCollection AddCaseHubSla(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("CaseHub:Sla").Get<BusinessCalendarOptions>() ?? new BusinessCalendarOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<BusinessCalendarSource>();
        services.AddScoped<Suspensions>();
        services.AddScoped<TicketSla>();
        services.AddScoped<SlaRecalculation>();
        services.AddScoped<SlaEscalation>();
        services.AddScoped<SlaClocks>();
        // The timeline is shared with intake and the case activities; Try so whoever registers it first wins.
        services.TryAddScoped<Tickets.TicketTimeline>();
        return services;
    }
}
