using System.Text.Json;

namespace CaseHub.Core.Catalog;

public sealed record CreateItemRequest(string? Code, string? Function, string? Name, string? NameEn, string? Mode, string? ScopeJurisdictionId,
    bool? NeedsApproval, FormSchema? FormSchema, string? WorkflowDefinitionId, int? SlaHours);

/// <summary>What a county changes about an item for its subtree; a field left out keeps what the override had.</summary>
public sealed record OverrideRequest(bool? Enabled, int? SlaHours, string? WorkflowDefinitionId, string? ProviderId);

public sealed record CatalogItemResponse(
    string Code, string Function, string Name, string? NameEn, string Mode, bool NeedsApproval,
    string ScopeJurisdictionId, JsonElement FormSchema, string? WorkflowDefinitionId, int SlaHours, bool IsLocal, string? Provider,
    string? ProviderId, int Version, bool Enabled = true)
{
    public static CatalogItemResponse From(ServiceItem i) => new(
        i.Code, i.Function, i.Name, i.NameEn, i.Mode, i.NeedsApproval, i.ScopeJurisdictionId,
        JsonDocument.Parse(i.FormSchema).RootElement.Clone(), i.WorkflowDefinitionId, i.SlaHours, i.IsLocal, i.ProviderName, i.ProviderId, i.Version);
}
