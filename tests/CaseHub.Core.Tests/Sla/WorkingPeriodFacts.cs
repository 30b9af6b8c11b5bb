using CaseHub.Core.Sla;

namespace CaseHub.Core.Tests.Sla;

public sealed class WorkingPeriodFacts
{
    [Fact]
    public void TheDefaultDayIs0830To1200And1330To1730()
    {
        Assert.Equal([new WorkingPeriod(new TimeOnly(8, 30), new TimeOnly(12, 0)), new WorkingPeriod(new TimeOnly(13, 30), new TimeOnly(17, 30))],
            WorkingPeriod.Default);
    }

    [Theory]
    [InlineData("08:30")]
    [InlineData("12:00-08:30")]
    [InlineData("8.30-12")]
    public void AMalformedOrBackwardsPeriodIsRefused(string text)
    {
        Assert.Throws<FormatException>(() => WorkingPeriod.Parse(text));
    }
}
