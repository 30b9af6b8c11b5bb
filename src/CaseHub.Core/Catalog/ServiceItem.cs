namespace CaseHub.Core.Catalog;

/// <summary>A service residents can order. Base items come from modules; local "X" items are created at run time.</summary>
public sealed class ServiceItem
{
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
    /// <summary>The providing body the sources name for this item, until providers are linked to items.</summary>
    public string? ProviderName { get; set; }
    public string? Source { get; set; }
}
