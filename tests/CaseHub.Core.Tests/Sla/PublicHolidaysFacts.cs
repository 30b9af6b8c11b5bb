using CaseHub.Core.Sla;

namespace CaseHub.Core.Tests.Sla;

public sealed class PublicHolidaysFacts
{
    [Fact]
    public void The2026NoticeGives33DaysOffAnd6MakeUpWorkingDays()
    {
        Assert.Equal(33, PublicHolidays.All.Count(d => !d.IsWorkingDay));
        Assert.Equal(
            [new DateOnly(2026, 1, 4), new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 28), new DateOnly(2026, 5, 9), new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 10)],
            PublicHolidays.All.Where(d => d.IsWorkingDay).Select(d => d.Date).Order());
    }

    [Fact]
    public void EveryMakeUpWorkingDayFallsOnAWeekend()
    {
        Assert.All(PublicHolidays.All.Where(d => d.IsWorkingDay), d => Assert.Contains(d.Date.DayOfWeek, new[] { DayOfWeek.Saturday, DayOfWeek.Sunday }));
    }

    [Fact]
    public void TheSpringFestivalRunsNineDaysFrom15To23February()
    {
        var spring = PublicHolidays.All.Where(d => d.Name == "春节").Select(d => d.Date).ToList();
        Assert.Equal(9, spring.Count);
        Assert.Equal(new DateOnly(2026, 2, 15), spring.Min());
        Assert.Equal(new DateOnly(2026, 2, 23), spring.Max());
    }

    [Fact]
    public void NoDateAppearsTwice()
    {
        Assert.Equal(PublicHolidays.All.Count, PublicHolidays.All.Select(d => d.Date).Distinct().Count());
    }
}
