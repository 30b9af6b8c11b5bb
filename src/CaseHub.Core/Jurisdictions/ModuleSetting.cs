namespace CaseHub.Core.Jurisdictions;

/// <summary>
/// An explicit on/off for one module in one jurisdiction. The nearest setting on the path from the
/// node up to the city wins; with none, a module is on.
/// </summary>
public sealed class ModuleSetting
{
    public required string JurisdictionId { get; init; }
    public required string ModuleId { get; init; }
    public bool Enabled { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public required string ChangedBy { get; set; }
}
