using System.Security.Claims;
using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;

namespace CaseHub.Host.Api;

/// <summary>Who is calling, read from the claims CaseHub put into the token.</summary>
public static class CallerExtensions
{
    public static string HomeJurisdictionId(this ClaimsPrincipal user) =>
        user.FindFirstValue(CaseHubClaims.Jurisdiction) ?? throw new InvalidOperationException("Signed-in user has no home jurisdiction claim.");

    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    public static bool CanSee(this ClaimsPrincipal user, Jurisdiction place) => place.IsWithin(user.HomeJurisdictionId());

    /// <summary>The caller's role (every CaseHub user has exactly one).</summary>
    public static string Role(this ClaimsPrincipal user) => Roles.All.FirstOrDefault(user.IsInRole) ?? "";

    /// <summary>The provider organisation a Provider user works for.</summary>
    public static string? ProviderId(this ClaimsPrincipal user) => user.FindFirstValue(CaseHubClaims.Provider);

    /// <summary>The caller as the case facade knows them.</summary>
    public static Actor Actor(this ClaimsPrincipal user) => new(user.Name(), user.Role(), user.HomeJurisdictionId(), user.ProviderId());
}
