using CaseHub.Core.Sla;

namespace CaseHub.Core.Tests.Sla;

public sealed class BusinessCalendarFacts
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> None = [];

    // 08:30–12:00 and 13:30–17:30, the working hours (also the default), on the 2026 State Council calendar.
    private static readonly BusinessCalendar Calendar = new(PublicHolidays.All, [WorkingPeriod.Parse("08:30-12:00"), WorkingPeriod.Parse("13:30-17:30")]);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, China);

    [Fact]
    public void Friday1600Plus8WorkingHoursWithMondayAHolidayIsDueTuesday1630()
    {
        // 2026-04-03 is a Friday; 4–6 April is 清明节, Monday 6 April included.
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 4, 6)));

        Assert.Equal(At(4, 7, 16, 30), Calendar.AddWorkingHours(At(4, 3, 16), 8, None));
    }

    [Fact]
    public void A48HourSuspensionMovesTheDueTimeByTheWorkingHoursInsideIt()
    {
        var start = At(3, 9, 9);                                     // Monday
        var suspension = (From: At(3, 10, 10), To: At(3, 12, 10));   // Tuesday 10:00 to Thursday 10:00
        Assert.Equal(TimeSpan.FromHours(48), suspension.To - suspension.From);

        var unpaused = Calendar.AddWorkingHours(start, 16, None);
        var paused = Calendar.AddWorkingHours(start, 16, [suspension]);
        var inside = Calendar.WorkingHoursBetween(suspension.From, suspension.To, None);

        Assert.Equal(15, inside);                                    // Tue 6 h + Wed 7.5 h + Thu 1.5 h
        Assert.Equal(At(3, 11, 10), unpaused);
        Assert.Equal(Calendar.AddWorkingHours(unpaused, inside, None), paused);
        Assert.Equal(At(3, 13, 10), paused);
    }

    [Fact]
    public void AMakeUpWorkingSaturdayCounts()
    {
        // Saturday 28 February 2026 is a 春节 make-up working day.
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 28)));

        Assert.Equal(At(2, 28, 16, 30), Calendar.AddWorkingHours(At(2, 27, 16), 8, None));
    }

    [Fact]
    public void AnOrdinaryWeekendDoesNotCount()
    {
        Assert.Equal(At(3, 9, 9, 30), Calendar.AddWorkingHours(At(3, 6, 17), 1.5, None));
    }

    [Fact]
    public void TheLunchBreakIsSkipped()
    {
        Assert.Equal(At(3, 9, 14, 30), Calendar.AddWorkingHours(At(3, 9, 11), 2, None));
        Assert.Equal(2.5, Calendar.WorkingHoursBetween(At(3, 9, 11), At(3, 9, 15), None)); // 11:00–12:00 and 13:30–15:00
    }

    [Theory]
    [InlineData(9, 7, 0, 9, 9, 30)]    // Monday before opening: the clock starts at 08:30
    [InlineData(9, 12, 30, 9, 14, 30)] // Monday in the lunch break: it starts at 13:30
    [InlineData(9, 20, 0, 10, 9, 30)]  // Monday evening: it starts on Tuesday morning
    [InlineData(7, 10, 0, 9, 9, 30)]   // Saturday: it starts on Monday morning
    public void AStartOutsideWorkingHoursWaitsForTheNextOpening(int startDay, int startHour, int startMinute, int dueDay, int dueHour, int dueMinute)
    {
        Assert.Equal(At(3, dueDay, dueHour, dueMinute), Calendar.AddWorkingHours(At(3, startDay, startHour, startMinute), 1, None));
    }

    [Fact]
    public void ZeroHoursIsDueAtOnceEvenOutsideWorkingHours()
    {
        Assert.Equal(At(3, 7, 10), Calendar.AddWorkingHours(At(3, 7, 10), 0, None));
        Assert.Equal(0, Calendar.WorkingHoursBetween(At(3, 9, 10), At(3, 9, 10), None));
    }

    [Fact]
    public void AClockThatRunsOutAtClosingTimeIsDueThenNotAtTheNextOpening()
    {
        Assert.Equal(At(3, 13, 17, 30), Calendar.AddWorkingHours(At(3, 13, 16), 1.5, None));
    }

    [Fact]
    public void TheDueTimeIsGivenInChinaTimeWhateverTheStartOffset()
    {
        var due = Calendar.AddWorkingHours(At(3, 9, 9).ToUniversalTime(), 1, None);

        Assert.Equal(China, due.Offset);
        Assert.Equal(At(3, 9, 10), due);
    }

    [Fact]
    public void OverlappingSuspensionsPauseTheClockOnce()
    {
        IReadOnlyList<(DateTimeOffset, DateTimeOffset)> overlapping = [(At(3, 9, 9), At(3, 9, 11)), (At(3, 9, 10), At(3, 9, 12))];

        // 09:00–12:00 is paused once: 7.5 working hours less 3.
        Assert.Equal(4.5, Calendar.WorkingHoursBetween(At(3, 9, 8), At(3, 9, 18), overlapping));
    }

    [Fact]
    public void WorkingHoursBetweenSkipHolidaysAndWeekends()
    {
        // Thursday 30 April 17:30 to Wednesday 6 May 08:30: 1–5 May is 劳动节, so nothing in between counts.
        Assert.Equal(0, Calendar.WorkingHoursBetween(At(4, 30, 17, 30), At(5, 6, 8, 30), None));
        Assert.Equal(7.5, Calendar.WorkingHoursBetween(At(4, 30, 8), At(5, 6, 8, 30), None));
    }

    [Fact]
    public void NegativeHoursAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingHours(At(3, 9, 9), -1, None));
    }

    [Fact]
    public void ACalendarWithCustomWorkingPeriodsUsesThem()
    {
        var longDay = new BusinessCalendar([], [WorkingPeriod.Parse("09:00-18:00")]);

        Assert.Equal(At(3, 10, 10), longDay.AddWorkingHours(At(3, 9, 9), 10, None));
    }

    [Fact]
    public void OverlappingWorkingPeriodsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new BusinessCalendar([], [WorkingPeriod.Parse("08:00-12:00"), WorkingPeriod.Parse("11:00-17:00")]));
    }
}
