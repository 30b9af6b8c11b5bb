using CaseHub.Core.Cases;

namespace CaseHub.Core.Jurisdictions;

/// <summary>The refusal every "inside your county" rule gives, worded once.</summary>
public static class JurisdictionRefusals
{
    /// <summary>The actor is signed in but <paramref name="place"/> is not in their subtree.</summary>
    public static CaseFailure OutsideJurisdiction(Jurisdiction place) =>
        CaseResults.Forbidden($"{place.Name} 不在您的辖区内 / {place.Name} is outside your jurisdiction.");
}
