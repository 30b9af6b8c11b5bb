namespace CaseHub.Core.Sla;

/// <summary>
/// The public holidays and make-up working days published by the General Office of the State Council
/// (国务院办公厅关于2026年部分节假日安排的通知, 4 November 2025). To add a year, append its notice
/// as <see cref="Off"/> and <see cref="Work"/> lines and add a migration: the rows are seed data.
/// Weekend days inside a holiday are listed too, so each holiday reads as the notice does.
/// </summary>
public static class PublicHolidays
{
    public static IReadOnlyList<CalendarDay> All { get; } =
    [
        .. Off("元旦", new(2026, 1, 1), new(2026, 1, 3)), Work("元旦调休上班", new(2026, 1, 4)),
        .. Off("春节", new(2026, 2, 15), new(2026, 2, 23)), Work("春节调休上班", new(2026, 2, 14)), Work("春节调休上班", new(2026, 2, 28)),
        .. Off("清明节", new(2026, 4, 4), new(2026, 4, 6)),
        .. Off("劳动节", new(2026, 5, 1), new(2026, 5, 5)), Work("劳动节调休上班", new(2026, 5, 9)),
        .. Off("端午节", new(2026, 6, 19), new(2026, 6, 21)),
        .. Off("中秋节", new(2026, 9, 25), new(2026, 9, 27)),
        .. Off("国庆节", new(2026, 10, 1), new(2026, 10, 7)), Work("国庆节调休上班", new(2026, 9, 20)), Work("国庆节调休上班", new(2026, 10, 10)),
    ];

    private static IEnumerable<CalendarDay> Off(string name, DateOnly first, DateOnly last)
    {
        for (var date = first; date <= last; date = date.AddDays(1))
            yield return new CalendarDay { Date = date, IsWorkingDay = false, Name = name };
    }

    private static CalendarDay Work(string name, DateOnly date) => new() { Date = date, IsWorkingDay = true, Name = name };
}
