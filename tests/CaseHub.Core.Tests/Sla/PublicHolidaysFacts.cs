using CaseHub.Core.Sla;

namespace CaseHub.Core.Tests.Sla;

public sealed class PublicHolidaysFacts
{
    [Fact]
    public void The_2026_notice_gives_33_days_off_and_6_make_up_working_days()
    {
        Assert.Equal(33, PublicHolidays.All.Count(d => !d.IsWorkingDay));
        Assert.Equal(
            [new DateOnly(2026, 1, 4), new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 28), new DateOnly(2026, 5, 9), new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 10)],
            PublicHolidays.All.Where(d => d.IsWorkingDay).Select(d => d.Date).Order());
    }

    [Fact]
    public void Every_make_up_working_day_falls_on_a_weekend()
    {
        Assert.All(PublicHolidays.All.Where(d => d.IsWorkingDay), d => Assert.Contains(d.Date.DayOfWeek, new[] { DayOfWeek.Saturday, DayOfWeek.Sunday }));
    }

    [Fact]
    public void The_Spring_Festival_runs_nine_days_from_15_to_23_February()
    {
        var spring = PublicHolidays.All.Where(d => d.Name == "春节").Select(d => d.Date).ToList();
        Assert.Equal(9, spring.Count);
        Assert.Equal(new DateOnly(2026, 2, 15), spring.Min());
        Assert.Equal(new DateOnly(2026, 2, 23), spring.Max());
    }

    [Fact]
    public void No_date_appears_twice()
    {
        Assert.Equal(PublicHolidays.All.Count, PublicHolidays.All.Select(d => d.Date).Distinct().Count());
    }
}
