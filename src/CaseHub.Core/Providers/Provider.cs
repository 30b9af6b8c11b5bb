namespace CaseHub.Core.Providers;

/// <summary>A department, social organisation, volunteer team or enterprise that delivers services.</summary>
public sealed class Provider
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    /// <summary><c>department</c>, <c>social_org</c>, <c>volunteer</c> or <c>enterprise</c>.</summary>
    public required string Kind { get; set; }
    /// <summary><c>applied</c>, <c>contracted</c>, <c>notice</c> or <c>revoked</c>.</summary>
    public required string Accreditation { get; set; }
    /// <summary>The jurisdiction the provider belongs to; it serves that subtree.</summary>
    public required string JurisdictionId { get; set; }
}
