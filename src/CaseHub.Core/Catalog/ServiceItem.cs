namespace CaseHub.Core.Catalog;

/// <summary>A service residents can order. Base items come from modules; local "X" items are created at run time.</summary>
public sealed class ServiceItem
{
    /// <summary>Base items use their code; local items a generated id, since two counties may each define the same code.</summary>
    public required string Id { get; init; }
    public required string Code { get; init; }
    /// <summary>The module id this item belongs to (one of the eight functions).</summary>
    public required string Function { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    /// <summary><c>scheduled</c>, <c>on_demand</c> or <c>both</c>.</summary>
    public required string Mode { get; set; }
    public bool NeedsApproval { get; set; }
    public required string ScopeJurisdictionId { get; set; }
    /// <summary>The order form as JSON (<c>{ "fields": [...] }</c>), returned verbatim by the API.</summary>
    public required string FormSchema { get; set; }
    public string? WorkflowDefinitionId { get; set; }
    public int SlaHours { get; set; }
    public bool IsLocal { get; set; }
    /// <summary>Raised on every edit; a ticket records the version it was ordered under.</summary>
    public int Version { get; set; } = 1;
    /// <summary>The provider that serves this item, when one is set (by a county override, for instance).</summary>
    public string? ProviderId { get; set; }
    public string? CreatedBy { get; set; }
    /// <summary>The providing body the sources name for this item, until providers are linked to items.</summary>
    public string? ProviderName { get; set; }
    public string? Source { get; set; }
}
