namespace CaseHub.Host.Api;

public static class ApiEndpoints
{
    /// <summary>The public HTTP API under <c>/api</c>: signed-in callers only, unless an endpoint says otherwise.</summary>
    public static void MapCaseHubApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapAuthEndpoints();
        api.MapModuleEndpoints();
        api.MapJurisdictionEndpoints();
        api.MapSuspensionEndpoints();
        api.MapProviderEndpoints();
        api.MapCatalogEndpoints();
        api.MapTicketEndpoints();
        api.MapTaskEndpoints();
        api.MapWorkflowEndpoints();
        api.MapAuditEndpoints();
        api.MapVisitEndpoints();
        api.MapDashboardEndpoints();
    }
}
