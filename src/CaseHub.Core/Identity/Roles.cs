namespace CaseHub.Core.Identity;

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string CountyOfficer = "CountyOfficer";
    public const string Caseworker = "Caseworker";
    public const string StationStaff = "StationStaff";
    public const string Provider = "Provider";
    public const string Channel = "Channel";

    public static readonly IReadOnlyList<string> All = [Administrator, CountyOfficer, Caseworker, StationStaff, Provider, Channel];
}

/// <summary>Claims CaseHub adds to every signed-in principal.</summary>
public static class CaseHubClaims
{
    public const string Jurisdiction = "casehub:jurisdiction";
    public const string Provider = "casehub:provider";
}
