using CaseHub.Core.Jurisdictions;

namespace CaseHub.Core.Tests;

public sealed class JurisdictionFacts
{
    private static Jurisdiction Node(string id, Jurisdiction? parent, JurisdictionKind kind) =>
        new() { Id = id, Code = id, Name = id, Kind = kind, ParentId = parent?.Id, Path = Jurisdiction.PathOf(parent, id) };

    [Fact]
    public void PathOf_BuildsRootToNodeIds()
    {
        var city = Node("zhoushan", null, JurisdictionKind.City);
        var county = Node("putuo", city, JurisdictionKind.County);
        var island = Node("baisha", county, JurisdictionKind.Island);

        Assert.Equal("/zhoushan/putuo/baisha/", island.Path);
        Assert.Equal(["zhoushan", "putuo", "baisha"], island.LineageIds);
    }

    [Fact]
    public void IsWithin_MatchesWholeIdsOnly()
    {
        var city = Node("zhoushan", null, JurisdictionKind.City);
        var putuo = Node("putuo", city, JurisdictionKind.County);
        var baisha = Node("baisha", putuo, JurisdictionKind.Island);
        var baishaStation = Node("baisha-station", baisha, JurisdictionKind.Station);

        Assert.True(baisha.IsWithin("putuo"));
        Assert.True(baisha.IsWithin("baisha"));
        Assert.False(putuo.IsWithin("baisha"));
        Assert.True(baishaStation.IsWithin("baisha"));
        Assert.False(baisha.IsWithin("baisha-station"));
        Assert.False(baisha.IsWithin("put"));
    }
}
