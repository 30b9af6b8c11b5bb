using Microsoft.AspNetCore.Identity;

namespace CaseHub.Core.Identity;

public sealed class CaseHubUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>Every user works inside one subtree of the jurisdiction tree.</summary>
    public string HomeJurisdictionId { get; set; } = "";
    /// <summary>Set for users in the Provider role: the organisation they act for.</summary>
    public string? ProviderId { get; set; }

    /// <summary>A confirmed account signing in with its email (the seeder's demo users, provider staff).</summary>
    public static CaseHubUser Create(string email, string displayName, string jurisdictionId, string? providerId = null) => new()
    {
        UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName,
        HomeJurisdictionId = jurisdictionId, ProviderId = providerId,
    };
}
