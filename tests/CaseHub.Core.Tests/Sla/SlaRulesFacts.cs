using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;

namespace CaseHub.Core.Tests.Sla;

public sealed class SlaRulesFacts
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 9, 9, 0, 0, TimeSpan.FromHours(8));

    private static Jurisdiction Place(string path, JurisdictionKind kind)
    {
        var id = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
        return new Jurisdiction { Id = id, Code = id, Name = id, Kind = kind, Path = path };
    }

    private static readonly Jurisdiction Station = Place("/zhoushan/putuo/baisha/baisha-station/", JurisdictionKind.Station);

    private static Suspension On(string jurisdictionId, int fromDay, int toDay) => new()
    {
        JurisdictionId = jurisdictionId, From = Monday.AddDays(fromDay), To = Monday.AddDays(toDay),
        Reason = "台风", CreatedBy = "officer", CreatedAt = Monday,
    };

    [Theory]
    [InlineData(TicketStatus.Submitted, true)]
    [InlineData(TicketStatus.PendingApproval, true)]
    [InlineData(TicketStatus.Dispatched, true)]
    [InlineData(TicketStatus.Accepted, true)]
    [InlineData(TicketStatus.InService, true)]
    [InlineData(TicketStatus.Reopened, true)]
    [InlineData(TicketStatus.Delivered, false)]
    [InlineData(TicketStatus.Closed, false)]
    [InlineData(TicketStatus.Rejected, false)]
    [InlineData(TicketStatus.Cancelled, false)]
    public void TheClockRunsOnlyWhileTheServiceIsOwed(TicketStatus status, bool running) =>
        Assert.Equal(running, SlaRules.ClockRunning.Contains(status));

    [Fact]
    public void APlaceIsPausedByItsOwnAndItsAncestorsSuspensionsButNotByNeighboursOrDescendants()
    {
        var island = Place("/zhoushan/putuo/baisha/", JurisdictionKind.Island);
        Suspension[] all = [On("putuo", 2, 3), On("baisha", 0, 1), On("baisha-station", 4, 5), On("changbai", 0, 9)];

        Assert.Equal([(Monday, Monday.AddDays(1)), (Monday.AddDays(2), Monday.AddDays(3))], SlaRules.PausingAt(island, all));
        Assert.Equal(3, SlaRules.PausingAt(Station, all).Count);
    }

    [Fact]
    public void EscalationsGoToTheCountyAboveThePlaceOrToThePlaceWhenThereIsNone()
    {
        HashSet<string> counties = ["putuo", "dinghai"];
        Assert.Equal("putuo", SlaRules.CountyOf(Station, counties));
        Assert.Equal("putuo", SlaRules.CountyOf(Place("/zhoushan/putuo/", JurisdictionKind.County), counties));
        Assert.Equal("zhoushan", SlaRules.CountyOf(Place("/zhoushan/", JurisdictionKind.City), counties));
    }
}
