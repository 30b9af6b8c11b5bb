using CaseHub.Core.Audit;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using CaseHub.Core.Sla;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Cases;

namespace CaseHub.Host.Tests;

/// <summary>What depends on the clock, on a host whose clock is set to a chosen moment.</summary>
public abstract class CaseClockFacts
{
    /// <summary>The system clock moved by <see cref="Offset"/>.</summary>
    protected sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }

    protected abstract CaseHubFactory NewHost(ShiftedClock clock);

    [Fact]
    public async Task AReturnVisitOpenedAfterTheDayHasClosed_IsDueTheNextWorkingDay_NotAlreadyOverdue()
    {
        var clock = new ShiftedClock();
        await using var host = NewHost(clock);
        // Evening (19:00 China time) of a working day at least a day ahead, so nothing already stored is due by it.
        BusinessCalendar calendar;
        await using (var scope = host.Services.CreateAsyncScope())
            calendar = await scope.ServiceProvider.GetRequiredService<BusinessCalendarSource>().LoadAsync();
        var china = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, BusinessCalendar.ChinaTime);
        var day = DateOnly.FromDateTime(china.DateTime).AddDays(1);
        while (!calendar.IsWorkingDay(day)) day = day.AddDays(1);
        var evening = new DateTimeOffset(day.ToDateTime(new TimeOnly(19, 0)), BusinessCalendar.ChinaTime.GetUtcOffset(day.ToDateTime(new TimeOnly(19, 0))));

        // The service is delivered that evening, and the return-visit timer (next morning) fires late, still in the evening.
        clock.Offset = evening - DateTimeOffset.UtcNow;
        var staff = await host.ClientAsAsync(BaishaStaff);
        var provider = await host.ClientAsAsync(HealthProvider);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order());
        await DoAsync(provider, ticketId, "dispatch", "Accept");
        await DoAsync(provider, ticketId, "delivery", "Delivered");
        await FireTimersAsync(host, ticketId);

        var task = await FindTaskAsync(staff, ticketId, "returnVisit");
        Assert.NotNull(task);
        var due = task.Value.GetProperty("dueAt").GetDateTimeOffset();
        Assert.True(due > clock.GetUtcNow(), $"The call opened at {clock.GetUtcNow():O} is due at {due:O}, before it was even opened.");
        Assert.Equal(calendar.NextWorkingDay(evening).Closes, due);
        await DoAsync(staff, ticketId, "returnVisit", "Satisfied");
        Assert.Equal("Closed", Status(await TicketAsync(staff, ticketId)));
    }

    [Fact]
    public async Task ModuleSwitchesOverridesAndTheirAuditRows_AreStampedByTheHostsClock()
    {
        var clock = new ShiftedClock { Offset = TimeSpan.FromDays(3) };
        await using var host = NewHost(clock);
        var admin = await host.ClientAsAsync(Admin);
        (await admin.PutJsonAsync("/api/jurisdictions/putuo/modules/culture", new { enabled = false })).EnsureSuccessStatusCode();
        (await admin.PutJsonAsync($"/api/catalog/items/{HealthItem}/overrides/putuo", new { slaHours = 8 })).EnsureSuccessStatusCode();

        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        // Two days ahead of the machine's clock: only the host's shifted clock can have written these.
        var ahead = DateTimeOffset.UtcNow + TimeSpan.FromDays(2);
        var setting = await db.ModuleSettings.AsNoTracking().SingleAsync(s => s.JurisdictionId == "putuo" && s.ModuleId == "culture");
        Assert.True(setting.ChangedAt > ahead, $"The module switch is stamped {setting.ChangedAt:O}, not by the host's clock.");
        var itemOverride = await db.Set<ItemOverride>().AsNoTracking().SingleAsync(o => o.ItemId == HealthItem && o.JurisdictionId == "putuo");
        Assert.True(itemOverride.ChangedAt > ahead, $"The override is stamped {itemOverride.ChangedAt:O}, not by the host's clock.");
        var audit = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action == "module.disable" || e.Action == "catalog.item.override").ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.True(e.At > ahead, $"{e.Action} is audited at {e.At:O}, not by the host's clock."));
    }

    [Fact]
    public async Task ADispatchOrderedLateOnAFriday_IsDueInWorkingHours_NotOverTheWeekend()
    {
        var clock = new ShiftedClock();
        await using var host = NewHost(clock);
        BusinessCalendar calendar;
        await using (var scope = host.Services.CreateAsyncScope())
            calendar = await scope.ServiceProvider.GetRequiredService<BusinessCalendarSource>().LoadAsync();
        // A Friday ahead whose next Monday to Thursday all work, so the count below is the plain calendar's.
        var friday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, BusinessCalendar.ChinaTime).DateTime).AddDays(1);
        while (friday.DayOfWeek != DayOfWeek.Friday || !Enumerable.Range(0, 7).All(d => d is 1 or 2 || calendar.IsWorkingDay(friday.AddDays(d))))
            friday = friday.AddDays(1);
        DateTimeOffset China(DateOnly day, int hour, int minute) =>
            new(day.ToDateTime(new TimeOnly(hour, minute)), BusinessCalendar.ChinaTime.GetUtcOffset(day.ToDateTime(new TimeOnly(hour, minute))));

        // Friday 17:00 and the direct-dispatch limit of 24 hours: half an hour on Friday, 7.5 each on Monday to
        // Wednesday, one on Thursday morning. Counted on the wall clock it would be Saturday 17:00.
        var ordered = China(friday, 17, 0);
        clock.Offset = ordered - DateTimeOffset.UtcNow;
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order());

        var task = await FindTaskAsync(await host.ClientAsAsync(HealthProvider), ticketId, "dispatch");
        Assert.NotNull(task);
        var due = task.Value.GetProperty("dueAt").GetDateTimeOffset();
        var expected = China(friday.AddDays(6), 9, 30);
        // The clock runs on while the order is taken; the task opened a moment after 17:00.
        Assert.True(due >= expected && due < expected.AddMinutes(2), $"Ordered {ordered:O}, the dispatch is due {due:O}; expected {expected:O}.");
    }
}

public sealed class SqliteCaseClockFacts : CaseClockFacts
{
    protected override CaseHubFactory NewHost(ShiftedClock clock) => new SqliteHost { TestServices = s => s.AddSingleton<TimeProvider>(clock) };
}

public sealed class PostgresCaseClockFacts : CaseClockFacts
{
    protected override CaseHubFactory NewHost(ShiftedClock clock) => new PostgresHost { TestServices = s => s.AddSingleton<TimeProvider>(clock) };
}
