using System.Security.Claims;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Modules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

public static class ModuleEndpoints
{
    public sealed record ModuleResponse(string Id, string Name, string NameEn, string Version, bool Enabled);
    public sealed record ToggleRequest(bool? Enabled);

    public static void MapModuleEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/modules", List).WithTags("Modules").WithName("ListModules").WithSummary("模块列表 / The service modules");
        api.MapPut("/jurisdictions/{id}/modules/{moduleId}", Toggle).WithTags("Modules")
            .WithName("ToggleModule").WithSummary("启用或停用模块 / Switch a module on or off in a jurisdiction")
            .RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.CountyOfficer));
    }

    /// <summary>The registered modules, with whether each is on in the caller's home jurisdiction.</summary>
    private static async Task<Ok<List<ModuleResponse>>> List(ClaimsPrincipal user, CaseHubDbContext db, ModuleRegistry modules, ModuleAccess access, CancellationToken ct)
    {
        var home = (await db.Jurisdictions.FindAsync([user.HomeJurisdictionId()], ct))!;
        var enabled = await access.EnabledModulesAsync(home, ct);
        return TypedResults.Ok(modules.All
            .Select(m => new ModuleResponse(m.Manifest.Id, m.Manifest.Name, m.Manifest.NameEn, m.Manifest.Version, enabled.Contains(m.Manifest.Id)))
            .ToList());
    }

    /// <summary>Switches a module on or off for a jurisdiction's subtree; takes effect on the next request.</summary>
    private static async Task<Results<Ok<ModuleResponse>, ValidationProblem, ProblemHttpResult>> Toggle(
        string id, string moduleId, ToggleRequest body, ClaimsPrincipal user, CaseHubDbContext db, ModuleRegistry modules, ModuleAccess access, CancellationToken ct)
    {
        if (body.Enabled is not { } on) return ApiErrors.Invalid("enabled", "必须为 true 或 false / enabled must be true or false");
        var place = await db.Jurisdictions.FindAsync([id], ct);
        if (place is null) return ApiErrors.NotFound("jurisdiction", id);
        var module = modules.Find(moduleId);
        if (module is null) return ApiErrors.NotFound("module", moduleId);
        if (!user.CanSee(place))
            return ApiErrors.OutsideJurisdiction(place);

        await access.SetAsync(place, moduleId, on, user.Name(), ct);
        var m = module.Manifest;
        return TypedResults.Ok(new ModuleResponse(m.Id, m.Name, m.NameEn, m.Version, on));
    }
}
