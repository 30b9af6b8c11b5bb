using Microsoft.AspNetCore.Identity;

namespace CaseHub.Core.Identity;

public sealed class CaseHubUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>Every user works inside one subtree of the jurisdiction tree.</summary>
    public string HomeJurisdictionId { get; set; } = "";
    /// <summary>Set for users in the Provider role: the organisation they act for.</summary>
    public string? ProviderId { get; set; }
}
