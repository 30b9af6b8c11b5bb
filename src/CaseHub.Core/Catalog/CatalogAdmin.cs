using CaseHub.Core.Audit;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Modules;
using CaseHub.Core.Providers;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Catalog;

/// <summary>
/// Changes to the catalogue that administrators make anywhere and county officers inside their county: local "X"
/// items, and overrides of an item for a subtree. The API handlers bind, call one method here and map its result.
/// </summary>
public sealed class CatalogAdmin(CaseHubDbContext db, CatalogQuery catalog, ModuleRegistry modules, WorkflowDefinitions workflows,
    AuditLog audit, TimeProvider clock)
{
    /// <summary>A local "X" item, orderable in its scope at once.</summary>
    public async Task<CaseResult<CatalogItemResponse>> CreateItemAsync(Actor actor, CreateItemRequest body, CancellationToken ct = default)
    {
        var errors = CatalogValidation.Check(body, modules);
        await CheckWorkflowAsync(body.WorkflowDefinitionId, errors, ct);
        if (errors.Count > 0) return CaseResults.Invalid("服务事项无效 / Invalid service item", errors);

        var scope = await db.Jurisdictions.FindAsync([body.ScopeJurisdictionId!], ct);
        if (scope is null) return CaseResults.NotFound("jurisdiction", body.ScopeJurisdictionId!);
        if (!scope.IsWithin(actor.HomeJurisdictionId)) return JurisdictionRefusals.OutsideJurisdiction(scope);
        // A code may repeat only where the scopes cannot both apply: not on the same line from city to station.
        var clash = await db.ServiceItems.Where(i => i.Code == body.Code).Join(db.Jurisdictions, i => i.ScopeJurisdictionId, j => j.Id, (i, j) => j.Path).ToListAsync(ct);
        if (clash.Any(path => scope.Path.StartsWith(path, StringComparison.Ordinal) || path.StartsWith(scope.Path, StringComparison.Ordinal)))
            return CaseResults.Conflict("编码已存在 / Duplicate code", $"'{body.Code}' is already used in an overlapping scope.");

        var item = new ServiceItem
        {
            Id = Guid.NewGuid().ToString("N"), Code = body.Code!, Function = body.Function!, Name = body.Name!.Trim(), NameEn = body.NameEn, Mode = body.Mode!,
            NeedsApproval = body.NeedsApproval!.Value, ScopeJurisdictionId = scope.Id, FormSchema = CatalogValidation.Serialize(body.FormSchema!),
            WorkflowDefinitionId = body.WorkflowDefinitionId ?? modules.DefaultWorkflow(body.Function!, body.NeedsApproval.Value),
            SlaHours = body.SlaHours!.Value, IsLocal = true, CreatedBy = actor.Name,
        };
        db.ServiceItems.Add(item);
        audit.Record(actor.Name, "catalog.item.create", nameof(ServiceItem), item.Id, scope.Id, new { item.Code, item.Function, item.Name, item.SlaHours });
        await db.SaveChangesAsync(ct);
        return CaseResults.Created(CatalogItemResponse.From(item));
    }

    /// <summary>
    /// Customises the item a code means at a place for that place's subtree: switch it off there, or change its SLA,
    /// workflow or provider. The answer is the item as it is there now (<c>enabled</c> false when switched off).
    /// </summary>
    public async Task<CaseResult<CatalogItemResponse>> OverrideAsync(Actor actor, string code, string jurisdictionId, OverrideRequest body, CancellationToken ct = default)
    {
        var errors = CatalogValidation.Check(body);
        await CheckWorkflowAsync(body.WorkflowDefinitionId, errors, ct);
        if (body.ProviderId is { } pid && await db.Providers.FindAsync([pid], ct) is not { Accreditation: Accreditation.Contracted })
            errors["providerId"] = [$"没有已签约的服务单位 '{pid}' / no contracted provider '{pid}'"];
        if (errors.Count > 0) return CaseResults.Invalid("定制无效 / Invalid override", errors);

        var place = await db.Jurisdictions.FindAsync([jurisdictionId], ct);
        if (place is null) return CaseResults.NotFound("jurisdiction", jurisdictionId);
        if (!place.IsWithin(actor.HomeJurisdictionId)) return JurisdictionRefusals.OutsideJurisdiction(place);
        var item = await catalog.FindAsync(code, place, ct);
        if (item is null) return CaseResults.NotFound("service item", code);

        var row = await db.Set<ItemOverride>().FindAsync([item.Id, place.Id], ct);
        if (row is null) db.Set<ItemOverride>().Add(row = new ItemOverride { ItemId = item.Id, JurisdictionId = place.Id, ChangedBy = actor.Name });
        row.Enabled = body.Enabled ?? row.Enabled;
        row.SlaHours = body.SlaHours ?? row.SlaHours;
        row.WorkflowDefinitionId = body.WorkflowDefinitionId ?? row.WorkflowDefinitionId;
        row.ProviderId = body.ProviderId ?? row.ProviderId;
        row.ChangedBy = actor.Name;
        row.ChangedAt = clock.GetUtcNow();
        item.Version++;
        audit.Record(actor.Name, "catalog.item.override", nameof(ItemOverride), $"{item.Id}/{place.Id}", place.Id, body);
        await db.SaveChangesAsync(ct);

        var effective = (await catalog.EffectiveItemsAsync(place, ct)).FirstOrDefault(i => i.Id == item.Id);
        return CaseResults.Done(CatalogItemResponse.From(effective ?? item) with { Enabled = effective is not null });
    }

    /// <summary>An item may only name a workflow that new instances can start: one with a published version.</summary>
    private async Task CheckWorkflowAsync(string? definitionId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (definitionId is not null && await workflows.FindKeyAsync(definitionId, null, ct) is null)
            errors["workflowDefinitionId"] = [$"没有已发布的工作流 '{definitionId}' / no published workflow '{definitionId}'"];
    }
}
