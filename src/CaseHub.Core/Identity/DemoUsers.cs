namespace CaseHub.Core.Identity;

/// <summary>The demo accounts of the HTTP contract, created only when demo data is enabled.</summary>
public static class DemoUsers
{
    public const string DefaultPassword = "CaseHub!2026";

    public sealed record DemoUser(string Email, string DisplayName, string Role, string JurisdictionId, string? ProviderId = null);

    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("admin@casehub.local", "平台管理员", Roles.Administrator, "zhoushan"),
        new("putuo.officer@casehub.local", "普陀区民政专员", Roles.CountyOfficer, "putuo"),
        new("putuo.caseworker@casehub.local", "普陀区个案社工", Roles.Caseworker, "putuo"),
        new("dinghai.caseworker@casehub.local", "定海区个案社工", Roles.Caseworker, "dinghai"),
        new("baisha.staff@casehub.local", "白沙岛驿站工作人员", Roles.StationStaff, "baisha-station"),
        new("health.provider@casehub.local", "市卫健委服务专员", Roles.Provider, "zhoushan", "zs-health"),
        new("hotline@casehub.local", "12345热线接口", Roles.Channel, "zhoushan"),
        // One user for each other provider a seeded item names exactly (so it is linked and dispatched to):
        // without them those orders could only be handled by the county officer.
        new("culture.provider@casehub.local", "市文广旅体局服务专员", Roles.Provider, "zhoushan", "zs-culture-tourism-sports"),
        new("civil.provider@casehub.local", "市民政局服务专员", Roles.Provider, "zhoushan", "zs-civil-affairs"),
        new("commerce.provider@casehub.local", "市商贸集团服务专员", Roles.Provider, "zhoushan", "zs-commerce-group"),
    ];
}
