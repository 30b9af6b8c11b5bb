using System.Security.Claims;
using System.Text.Json;
using CaseHub.Core.Audit;
using CaseHub.Core.Identity;
using CaseHub.Core.Modules;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

public static class CatalogEndpoints
{
    public sealed record CatalogItemResponse(
        string Code, string Function, string Name, string? NameEn, string Mode, bool NeedsApproval,
        string ScopeJurisdictionId, JsonElement FormSchema, string? WorkflowDefinitionId, int SlaHours, bool IsLocal, string? Provider,
        string? ProviderId, int Version, bool Enabled = true);

    public static void MapCatalogEndpoints(this IEndpointRouteBuilder api)
    {
        var catalog = api.MapGroup("/catalog").WithTags("Catalog");
        catalog.MapGet("", Effective).AllowAnonymous().WithName("GetCatalog").WithSummary("服务目录 / The catalogue in effect in a jurisdiction");
        var managers = catalog.MapGroup("/items").RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.CountyOfficer));
        managers.MapPost("", Create).WithName("CreateCatalogItem").WithSummary("新增本地服务项 / Create a local \"X\" service item");
        managers.MapPut("/{code}/overrides/{jurisdictionId}", Override).WithName("OverrideCatalogItem").WithSummary("区县调整服务项 / Change or hide an item in a county");
    }

    /// <summary>A local "X" item, orderable in its scope at once. Administrators anywhere; county officers inside their county.</summary>
    private static async Task<Results<Created<CatalogItemResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateItemRequest body, ClaimsPrincipal user, CaseHubDbContext db, ModuleRegistry modules, WorkflowDefinitions workflows, AuditLog audit, CancellationToken ct)
    {
        var errors = CatalogValidation.Check(body, modules);
        await CheckWorkflowAsync(body.WorkflowDefinitionId, workflows, errors, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "服务事项无效 / Invalid service item");

        var scope = await db.Jurisdictions.FindAsync([body.ScopeJurisdictionId!], ct);
        if (scope is null) return ApiErrors.NotFound("jurisdiction", body.ScopeJurisdictionId!);
        if (!user.CanSee(scope)) return ApiErrors.OutsideJurisdiction(scope);
        // A code may repeat only where the scopes cannot both apply: not on the same line from city to station.
        var clash = await db.ServiceItems.Where(i => i.Code == body.Code).Join(db.Jurisdictions, i => i.ScopeJurisdictionId, j => j.Id, (i, j) => j.Path).ToListAsync(ct);
        if (clash.Any(path => scope.Path.StartsWith(path, StringComparison.Ordinal) || path.StartsWith(scope.Path, StringComparison.Ordinal)))
            return TypedResults.Problem(statusCode: 409, title: "编码已存在 / Duplicate code", detail: $"'{body.Code}' is already used in an overlapping scope.");

        var item = new ServiceItem
        {
            Id = Guid.NewGuid().ToString("N"), Code = body.Code!, Function = body.Function!, Name = body.Name!.Trim(), NameEn = body.NameEn, Mode = body.Mode!,
            NeedsApproval = body.NeedsApproval!.Value, ScopeJurisdictionId = scope.Id, FormSchema = CatalogValidation.Serialize(body.FormSchema!),
            WorkflowDefinitionId = body.WorkflowDefinitionId ?? modules.DefaultWorkflow(body.Function!, body.NeedsApproval.Value),
            SlaHours = body.SlaHours!.Value, IsLocal = true, CreatedBy = user.Name(),
        };
        db.ServiceItems.Add(item);
        audit.Record(user.Name(), "catalog.item.create", nameof(ServiceItem), item.Id, scope.Id, new { item.Code, item.Function, item.Name, item.SlaHours });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/catalog?jurisdictionId={scope.Id}", ToResponse(item));
    }

    /// <summary>Customises an item for a jurisdiction's subtree: switch it off there, or change its SLA, workflow or provider.</summary>
    private static async Task<Results<Ok<CatalogItemResponse>, ValidationProblem, ProblemHttpResult>> Override(
        string code, string jurisdictionId, OverrideRequest body, ClaimsPrincipal user, CaseHubDbContext db, CatalogQuery catalog,
        WorkflowDefinitions workflows, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is { Enabled: null, SlaHours: null, WorkflowDefinitionId: null, ProviderId: null })
            errors["body"] = ["至少设置一项 / set at least one of enabled, slaHours, workflowDefinitionId, providerId"];
        if (body.SlaHours is <= 0 or > CatalogValidation.MaxSlaHours) errors["slaHours"] = [$"须为 1–{CatalogValidation.MaxSlaHours} / between 1 and {CatalogValidation.MaxSlaHours}"];
        await CheckWorkflowAsync(body.WorkflowDefinitionId, workflows, errors, ct);
        if (body.ProviderId is { } pid && await db.Providers.FindAsync([pid], ct) is not { Accreditation: "contracted" })
            errors["providerId"] = [$"没有已签约的服务单位 '{pid}' / no contracted provider '{pid}'"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "定制无效 / Invalid override");

        var place = await db.Jurisdictions.FindAsync([jurisdictionId], ct);
        if (place is null) return ApiErrors.NotFound("jurisdiction", jurisdictionId);
        if (!user.CanSee(place)) return ApiErrors.OutsideJurisdiction(place);
        var item = await catalog.FindAsync(code, place, ct);
        if (item is null) return ApiErrors.NotFound("service item", code);

        var row = await db.Set<ItemOverride>().FindAsync([item.Id, place.Id], ct);
        if (row is null) db.Set<ItemOverride>().Add(row = new ItemOverride { ItemId = item.Id, JurisdictionId = place.Id, ChangedBy = user.Name() });
        row.Enabled = body.Enabled ?? row.Enabled;
        row.SlaHours = body.SlaHours ?? row.SlaHours;
        row.WorkflowDefinitionId = body.WorkflowDefinitionId ?? row.WorkflowDefinitionId;
        row.ProviderId = body.ProviderId ?? row.ProviderId;
        row.ChangedBy = user.Name();
        row.ChangedAt = clock.GetUtcNow();
        item.Version++;
        audit.Record(user.Name(), "catalog.item.override", nameof(ItemOverride), $"{item.Id}/{place.Id}", place.Id, body);
        await db.SaveChangesAsync(ct);

        var effective = (await catalog.EffectiveItemsAsync(place, ct)).FirstOrDefault(i => i.Id == item.Id);
        return TypedResults.Ok(ToResponse(effective ?? item) with { Enabled = effective is not null });
    }

    /// <summary>What residents of a place can order there now. Anonymous: the channels show it before sign-in.</summary>
    private static async Task<Results<Ok<List<CatalogItemResponse>>, ValidationProblem, ProblemHttpResult>> Effective(
        string? jurisdictionId, CaseHubDbContext db, CatalogQuery catalog, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(jurisdictionId)) return ApiErrors.Invalid("jurisdictionId", "请指定辖区 / jurisdictionId is required");
        var place = await db.Jurisdictions.FindAsync([jurisdictionId], ct);
        if (place is null) return ApiErrors.NotFound("jurisdiction", jurisdictionId);

        var items = await catalog.EffectiveItemsAsync(place, ct);
        return TypedResults.Ok(items.Select(ToResponse).ToList());
    }

    /// <summary>An item may only name a workflow that new instances can start: one with a published version.</summary>
    private static async Task CheckWorkflowAsync(string? definitionId, WorkflowDefinitions workflows, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (definitionId is not null && await workflows.FindKeyAsync(definitionId, null, ct) is null)
            errors["workflowDefinitionId"] = [$"没有已发布的工作流 '{definitionId}' / no published workflow '{definitionId}'"];
    }

    private static CatalogItemResponse ToResponse(ServiceItem i) => new(
        i.Code, i.Function, i.Name, i.NameEn, i.Mode, i.NeedsApproval, i.ScopeJurisdictionId,
        JsonDocument.Parse(i.FormSchema).RootElement.Clone(), i.WorkflowDefinitionId, i.SlaHours, i.IsLocal, i.ProviderName, i.ProviderId, i.Version);
}
