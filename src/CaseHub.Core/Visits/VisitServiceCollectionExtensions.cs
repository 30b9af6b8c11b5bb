using CaseHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Visits;

public static class VisitServiceCollectionExtensions
{
    /// <summary>Visit plans, visits, pairings and the <c>CaseHub.IslandVisit</c> activity; the host adds an <see cref="IVisitPlanJobs"/>.</summary>
    public static IServiceCollection AddCaseHubVisits(this IServiceCollection services)
    {
        services.AddScoped<VisitService>();
        services.AddScoped<VisitMaker>();
        services.AddScoped<VisitMoves>();
        services.AddScoped<PairingCoverage>();
        services.AddSingleton(new ActivityDescriptor
        {
            Type = IslandVisitActivity.Type, Category = "工单", DisplayName = "上岛服务", IsTrigger = true,
            Description = "The plan's provider confirms the trip, then records the visit done with the residents served, or not done with a reason.",
            Outcomes = [IslandVisitActivity.Done, IslandVisitActivity.NotDone], Activity = new IslandVisitActivity(),
        });
        return services;
    }
}
