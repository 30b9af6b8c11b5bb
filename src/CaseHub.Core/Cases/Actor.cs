using CaseHub.Core.Identity;

namespace CaseHub.Core.Cases;

/// <summary>
/// Who is acting on a case, as the case facade sees them: a user name, their one role, the place they
/// belong to and, for a provider's people, the organisation. The host reads it off the signed-in user;
/// nothing below the facade looks at claims or HTTP.
/// </summary>
public sealed record Actor(string Name, string Role, string HomeJurisdictionId, string? ProviderId = null)
{
    public bool Is(string role) => Role == role;

    /// <summary>People who work the tickets of a place (not channels, which order, nor providers, which serve).</summary>
    public bool IsStaff => Role is Roles.Administrator or Roles.CountyOfficer or Roles.Caseworker or Roles.StationStaff;
}
