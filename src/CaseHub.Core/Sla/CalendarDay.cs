using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Sla;

/// <summary>
/// A date that departs from the Monday–Friday rule: a public holiday on a weekday
/// (<see cref="IsWorkingDay"/> false) or a make-up working weekend day, 调休上班 (true).
/// Held as rows so next year's State Council notice is data, not a release.
/// </summary>
public sealed class CalendarDay
{
    public required DateOnly Date { get; init; }
    public required bool IsWorkingDay { get; init; }
    public required string Name { get; init; }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> day)
    {
        day.ToTable("CalendarDays");
        day.HasKey(x => x.Date);
        day.Property(x => x.Name).HasMaxLength(50);
        day.HasData(PublicHolidays.All);
    }
}
