using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Tickets;
using CaseHub.Core.Visits;
using CaseHub.Host.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Cases;
using static CaseHub.Host.Tests.Infrastructure.CaseSetup;

namespace CaseHub.Host.Tests;

/// <summary>
/// Recurring island visits on a host whose clock the fact sets: the occurrences of a plan's cron become visits and
/// tickets exactly once (whatever runs them, however often, on however many hosts), visits move around suspensions,
/// unrecorded ones become missed, and pairings below target raise one alert per month. Each fact has its own host(s).
/// </summary>
public abstract class VisitFacts
{
    /// <summary>The system clock, or the moment a fact froze it at (time moves only when the fact moves it).</summary>
    public sealed class TestClock : TimeProvider
    {
        public DateTimeOffset? Frozen { get; set; }
        public override DateTimeOffset GetUtcNow() => Frozen ?? base.GetUtcNow();
    }

    protected abstract CaseHubFactory NewHost(TestClock clock, string? database = null, bool keep = false);

    protected const string Service = "health.public_health"; // a scheduled item 市卫健委 delivers city-wide
    protected const string Department = "zs-health";
    protected static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>A minute boundary plus 10 s, a year ahead (so no other data's dates meet it): a per-minute plan created now owes nothing yet.</summary>
    protected static DateTimeOffset Start(int day = 1, int hour = 8) => new(2027, 3, day, hour, 0, 10, China);

    /// <summary>Signs in afresh, so the token is issued at the clock's current moment (a cached one would have expired when the clock jumped).</summary>
    protected static async Task<HttpClient> ClientAsync(CaseHubFactory host, string email)
    {
        var client = host.CreateClient();
        var login = await (await client.PostAsJsonAsync("/api/auth/login", new { email, password = DemoUsers.DefaultPassword }))
            .ReadOkAsync<CaseHubFactory.TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.AccessToken);
        return client;
    }

    protected static async Task<Guid> PlanAsync(CaseHubFactory host, string cron, string island = "baisha", string? pairingId = null, string by = PutuoOfficer)
    {
        var response = await (await ClientAsync(host, by)).PostAsJsonAsync("/api/visit-plans",
            new { serviceCode = Service, jurisdictionId = island, providerId = Department, cron, timeZone = "Asia/Shanghai", pairingId });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.ReadOkAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    protected static async Task<List<JsonElement>> VisitsAsync(CaseHubFactory host, Guid planId) =>
        [.. (await (await (await ClientAsync(host, PutuoOfficer)).GetAsync($"/api/visit-plans/{planId}/visits")).ReadOkAsync<JsonElement>()).EnumerateArray()];

    protected static async Task<T> InScopeAsync<T>(CaseHubFactory host, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    protected static Task<int> CatchUpAsync(CaseHubFactory host, Guid planId) =>
        InScopeAsync(host, s => s.GetRequiredService<VisitMaker>().CatchUpAsync(planId));

    protected static Task<List<Visit>> StoredVisitsAsync(CaseHubFactory host, Guid planId) =>
        InScopeAsync(host, s => s.GetRequiredService<CaseHubDbContext>().Set<Visit>().AsNoTracking().Where(v => v.PlanId == planId).OrderBy(v => v.ScheduledFor).ToListAsync());

    [Fact]
    public async Task APerMinuteCron_MakesOneVisitAndOneTicketPerOccurrence_HoweverOftenItRuns()
    {
        var clock = new TestClock { Frozen = Start() };
        await using var host = NewHost(clock);
        var plan = await PlanAsync(host, "* * * * *");
        Assert.Equal(0, await CatchUpAsync(host, plan));

        clock.Frozen = Start().AddMinutes(5);
        // The recurring job, a misfire, a retry and the start's catch-up may all run at once: together they make five.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => CatchUpAsync(host, plan))));
        await CatchUpAsync(host, plan);

        var visits = await VisitsAsync(host, plan);
        Assert.Equal(5, visits.Count);
        Assert.Equal(Enumerable.Range(1, 5).Select(m => new DateTimeOffset(2027, 3, 1, 8, m, 0, China)), visits.Select(v => v.GetProperty("scheduledFor").GetDateTimeOffset()));
        Assert.All(visits, v => Assert.Equal("Scheduled", v.GetProperty("status").GetString()));
        var tickets = visits.Select(v => v.GetProperty("ticketId").GetString()!).ToList();
        Assert.Equal(5, tickets.Distinct().Count());

        var officer = await ClientAsync(host, PutuoOfficer);
        var ticket = await TicketAsync(officer, tickets[0]);
        Assert.Equal("visit", ticket.GetProperty("channel").GetString());
        Assert.Equal("Dispatched", Status(ticket));
        Assert.Equal(Department, ticket.GetProperty("providerId").GetString());
    }

    [Fact]
    public async Task TheProvidersVisitTask_ConfirmsTheTrip_ThenRecordsTheResidentsServed()
    {
        var clock = new TestClock { Frozen = Start() };
        await using var host = NewHost(clock);
        var plan = await PlanAsync(host, "0 9 * * *");
        clock.Frozen = Start(1, 9).AddMinutes(20);
        await CatchUpAsync(host, plan);
        var ticketId = (await StoredVisitsAsync(host, plan)).Single().TicketId!.Value.ToString();

        var provider = await ClientAsync(host, HealthProvider);
        await DoAsync(provider, ticketId, "visit", "Confirm");
        Assert.Equal("Accepted", Status(await TicketAsync(provider, ticketId)));
        var noResidents = await CompleteAsync(provider, await TaskIdAsync(provider, ticketId, "visit"), "Done", data: new { residents = Array.Empty<object>() });
        Assert.True((await ErrorsOf(noResidents)).TryGetProperty("data.residents", out _));
        await DoAsync(provider, ticketId, "visit", "Done", "量血压、发药", new
        {
            residents = new object[] { new { name = "王阿婆", phone = "13905801234" }, new { name = "李大伯" } },
        });

        var ticket = await TicketAsync(await ClientAsync(host, PutuoOfficer), ticketId);
        Assert.Equal("Closed", Status(ticket));
        var served = Events(ticket, "visit.resident_served").OrderBy(e => e.GetProperty("data").GetProperty("line").GetInt32()).ToList();
        Assert.Equal(["王阿婆", "李大伯"], served.Select(e => e.GetProperty("data").GetProperty("name").GetString()));
        Assert.Equal("139****1234", served[0].GetProperty("data").GetProperty("phone").GetString());
        var visit = (await StoredVisitsAsync(host, plan)).Single();
        Assert.Equal(VisitStatus.Done, visit.Status);
        Assert.Equal(2, visit.ResidentsServed);
        // The dashboard's island coverage counts it in the month of its China-time day.
        var island = ticket.GetProperty("jurisdictionId").GetString();
        var coverage = (await (await ClientAsync(host, PutuoOfficer)).GetAsync($"/api/dashboard/coverage?month={visit.ScheduledFor.ToOffset(China):yyyy-MM}"))
            .ReadOkAsync<JsonElement>();
        Assert.Equal(1, (await coverage).EnumerateArray().Single(c => c.GetProperty("jurisdictionId").GetString() == island).GetProperty("visitsDone").GetInt32());
    }

    [Fact]
    public async Task AllHostsDownAcrossThreeOccurrences_MakeExactlyThreeVisitsAfterTheRestart()
    {
        var clock = new TestClock { Frozen = Start() };
        var database = DatabaseFor(Guid.NewGuid());
        Guid plan;
        await using (var first = NewHost(clock, database, keep: true))
            plan = await PlanAsync(first, "* * * * *");

        clock.Frozen = Start().AddMinutes(3).AddSeconds(20); // 08:01, 08:02 and 08:03 pass while nothing runs
        await using var second = NewHost(clock, database);
        var made = await WaitForVisitsAsync(second, plan, 3);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the recurring job and the start's catch-up have both had their turn
        made = (await StoredVisitsAsync(second, plan)).Count;
        Assert.Equal(3, made);
    }

    protected abstract string DatabaseFor(Guid id);

    protected static async Task<int> WaitForVisitsAsync(CaseHubFactory host, Guid plan, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        int count;
        while ((count = (await StoredVisitsAsync(host, plan)).Count) < expected && DateTime.UtcNow < deadline) await Task.Delay(200);
        return count;
    }

    [Fact]
    public async Task ACancelledVisit_IsRescheduledToTheNextDayNoSuspensionCovers()
    {
        var clock = new TestClock { Frozen = Start() };
        await using var host = NewHost(clock);
        var plan = await PlanAsync(host, "0 9 * * *");
        clock.Frozen = Start(1, 9).AddMinutes(30);
        await CatchUpAsync(host, plan);
        var visit = (await StoredVisitsAsync(host, plan)).Single();

        var officer = await ClientAsync(host, PutuoOfficer);
        (await officer.PostAsJsonAsync("/api/jurisdictions/baisha/suspensions",
            new { from = "2027-03-02T00:00:00+08:00", to = "2027-03-04T00:00:00+08:00", reason = "台风停航" })).EnsureSuccessStatusCode();
        var noReason = await officer.PostAsJsonAsync($"/api/visits/{visit.Id}/cancel", new { reason = " " });
        Assert.True((await ErrorsOf(noReason)).TryGetProperty("reason", out _));

        var cancelled = await (await officer.PostAsJsonAsync($"/api/visits/{visit.Id}/cancel", new { reason = "大风，渡轮停航" })).ReadOkAsync<JsonElement>();

        Assert.Equal("Rescheduled", cancelled.GetProperty("status").GetString());
        var moved = cancelled.GetProperty("rescheduledVisitId").GetGuid();
        var visits = await StoredVisitsAsync(host, plan);
        Assert.Equal(new DateTimeOffset(2027, 3, 4, 9, 0, 0, China), visits.Single(v => v.Id == moved).ScheduledFor);
        Assert.Equal(VisitStatus.Scheduled, visits.Single(v => v.Id == moved).Status);
        Assert.Equal("大风，渡轮停航", visits.Single(v => v.Id == visit.Id).Reason);
        Assert.Equal(visit.TicketId, visits.Single(v => v.Id == moved).TicketId);
        Assert.Single(Events(await TicketAsync(officer, visit.TicketId!.Value.ToString()), "visit.rescheduled"));

        // A date given keeps the visit's time of day; a day inside a suspension is refused, naming the field.
        var inside = await officer.PostAsJsonAsync($"/api/visits/{moved}/cancel", new { reason = "改期", rescheduleTo = "2027-03-03" });
        Assert.True((await ErrorsOf(inside)).TryGetProperty("rescheduleTo", out _));
        var given = await (await officer.PostAsJsonAsync($"/api/visits/{moved}/cancel", new { reason = "改期", rescheduleTo = "2027-03-10" })).ReadOkAsync<JsonElement>();
        Assert.Equal(new DateTimeOffset(2027, 3, 10, 9, 0, 0, China), given.GetProperty("rescheduledFor").GetDateTimeOffset());
        var again = await officer.PostAsJsonAsync($"/api/visits/{moved}/cancel", new { reason = "再改" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task ASuspensionDeclaredOverPlannedVisits_MovesThemPastIt()
    {
        var clock = new TestClock { Frozen = Start() };
        await using var host = NewHost(clock);
        var plan = await PlanAsync(host, "0 9 * * *");
        var elsewhere = await PlanAsync(host, "0 9 * * *", island: "changbai", by: Admin);
        clock.Frozen = Start(1, 9).AddMinutes(30);
        await CatchUpAsync(host, plan);
        await CatchUpAsync(host, elsewhere);

        // Declared over the county: 白沙岛 is inside it, 长白岛 (定海区) is not.
        var officer = await ClientAsync(host, PutuoOfficer);
        (await officer.PostAsJsonAsync("/api/jurisdictions/putuo/suspensions",
            new { from = "2027-03-01T06:00:00+08:00", to = "2027-03-02T12:00:00+08:00", reason = "台风“梅花”" })).EnsureSuccessStatusCode();

        var visits = await StoredVisitsAsync(host, plan);
        Assert.Equal(2, visits.Count);
        Assert.Equal(VisitStatus.Rescheduled, visits[0].Status);
        Assert.Contains("台风“梅花”", visits[0].Reason);
        Assert.Equal(new DateTimeOffset(2027, 3, 3, 9, 0, 0, China), visits[1].ScheduledFor);
        Assert.Equal(visits[1].Id, visits[0].RescheduledToId);
        var ticket = await TicketAsync(officer, visits[0].TicketId!.Value.ToString());
        Assert.Single(Events(ticket, "visit.rescheduled"));
        Assert.Equal(VisitStatus.Scheduled, (await StoredVisitsAsync(host, elsewhere)).Single().Status);
    }

    [Fact]
    public async Task AVisitWhoseDayPassedUnrecorded_IsMissed_AndTheCountyOfficerGetsOneTask()
    {
        var clock = new TestClock { Frozen = Start() };
        await using var host = NewHost(clock);
        var plan = await PlanAsync(host, "0 9 * * *");
        clock.Frozen = Start(1, 9).AddMinutes(30);
        await CatchUpAsync(host, plan);
        Assert.Equal(0, await InScopeAsync(host, s => s.GetRequiredService<VisitMoves>().MarkMissedAsync()));

        clock.Frozen = Start(2, 7); // the next morning, before that day's visit
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => InScopeAsync(host, s => s.GetRequiredService<VisitMoves>().MarkMissedAsync()))));

        var visit = (await StoredVisitsAsync(host, plan)).Single();
        Assert.Equal(VisitStatus.Missed, visit.Status);
        var officer = await ClientAsync(host, PutuoOfficer);
        var ticketId = visit.TicketId!.Value.ToString();
        Assert.Equal("Cancelled", Status(await TicketAsync(officer, ticketId)));
        var tasks = (await (await officer.GetAsync("/api/tasks")).ReadOkAsync<JsonElement>()).EnumerateArray()
            .Where(t => t.GetProperty("ticketId").GetString() == ticketId).ToList();
        Assert.Equal(VisitMoves.MissedKind, Assert.Single(tasks).GetProperty("kind").GetString());
        Assert.Null(await FindTaskAsync(await ClientAsync(host, HealthProvider), ticketId, "visit"));
    }

    [Fact]
    public async Task AMonthBelowItsPairingsTarget_RaisesOneAlert()
    {
        var clock = new TestClock { Frozen = new DateTimeOffset(2027, 1, 10, 10, 0, 0, China) };
        await using var host = NewHost(clock);
        var admin = await ClientAsync(host, Admin);
        var department = (await (await admin.PostAsJsonAsync("/api/providers", new
        {
            name = "市民政局海岛组", kind = "department", jurisdictionId = "zhoushan", jurisdictionIds = new[] { "zhoushan" }, serviceCodes = new[] { Service },
        })).ReadOkAsync<JsonElement>()).GetProperty("id").GetString();
        var officer = await ClientAsync(host, PutuoOfficer);
        var pairing = await (await officer.PostAsJsonAsync("/api/pairings", new { providerId = department, jurisdictionId = "baisha", visitsPerMonth = 2 }))
            .ReadOkAsync<JsonElement>();
        Assert.Equal(2, pairing.GetProperty("visitsPerMonth").GetInt32());
        var duplicate = await officer.PostAsJsonAsync("/api/pairings", new { providerId = department, jurisdictionId = "baisha" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var notADepartment = await officer.PostAsJsonAsync("/api/pairings", new { providerId = "zs-post", jurisdictionId = "baisha" });
        Assert.True((await ErrorsOf(notADepartment)).TryGetProperty("providerId", out _));

        clock.Frozen = new DateTimeOffset(2027, 2, 1, 1, 0, 0, China);
        var raised = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => InScopeAsync(host, s => s.GetRequiredService<PairingCoverage>().CheckPastMonthAsync()))));
        Assert.Equal(1, raised.Sum());
        Assert.Equal(0, await InScopeAsync(host, s => s.GetRequiredService<PairingCoverage>().CheckPastMonthAsync()));

        officer = await ClientAsync(host, PutuoOfficer);
        var id = pairing.GetProperty("id").GetString();
        var coverage = (await (await officer.GetAsync("/api/pairings/coverage?month=2027-01")).ReadOkAsync<JsonElement>()).EnumerateArray()
            .Single(c => c.GetProperty("pairingId").GetString() == id);
        Assert.Equal((2, 0, false), (coverage.GetProperty("target").GetInt32(), coverage.GetProperty("done").GetInt32(), coverage.GetProperty("met").GetBoolean()));
        var alert = Assert.Single((await (await officer.GetAsync("/api/pairings/alerts")).ReadOkAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(("2027-01", "putuo"), (alert.GetProperty("month").GetString(), alert.GetProperty("jurisdictionId").GetString()));
        Assert.True((await ErrorsOf(await officer.GetAsync("/api/pairings/coverage?month=2027-13"))).TryGetProperty("month", out _));
        // The dashboard's island coverage reads the same pairings: 白沙岛 owed 2 visits in January and had none.
        var island = (await (await officer.GetAsync("/api/dashboard/coverage?month=2027-01")).ReadOkAsync<JsonElement>()).EnumerateArray()
            .Single(c => c.GetProperty("jurisdictionId").GetString() == "baisha");
        Assert.Equal((0, 2), (island.GetProperty("visitsDone").GetInt32(), island.GetProperty("visitsTarget").GetInt32()));
    }

    [Fact]
    public async Task AnInvalidCron_APlaceThatIsNotAnIsland_AndAProviderNotContractedThere_Answer400NamingTheField()
    {
        await using var host = NewHost(new TestClock());
        var officer = await ClientAsync(host, PutuoOfficer);
        async Task<JsonElement> ErrorsFor(object body) => await ErrorsOf(await officer.PostAsJsonAsync("/api/visit-plans", body));

        var cron = await ErrorsFor(new { serviceCode = Service, jurisdictionId = "baisha", providerId = Department, cron = "0 9 * *" });
        Assert.True(cron.TryGetProperty("cron", out _), cron.ToString());
        var never = await ErrorsFor(new { serviceCode = Service, jurisdictionId = "baisha", providerId = Department, cron = "0 9 30 2 *" });
        Assert.True(never.TryGetProperty("cron", out _), never.ToString());
        var station = await ErrorsFor(new { serviceCode = Service, jurisdictionId = "baisha-station", providerId = Department, cron = "0 9 * * 2#1" });
        Assert.True(station.TryGetProperty("jurisdictionId", out _), station.ToString());
        var county = await ErrorsFor(new { serviceCode = Service, jurisdictionId = "putuo", providerId = Department, cron = "0 9 * * 2#1" });
        Assert.True(county.TryGetProperty("jurisdictionId", out _), county.ToString());
        var post = await ErrorsFor(new { serviceCode = Service, jurisdictionId = "baisha", providerId = "zs-post", cron = "0 9 * * 2#1" });
        Assert.True(post.TryGetProperty("providerId", out _), post.ToString());
        var zone = await ErrorsFor(new { serviceCode = Service, jurisdictionId = "baisha", providerId = Department, cron = "0 9 * * 2#1", timeZone = "Mars/Olympus" });
        Assert.True(zone.TryGetProperty("timeZone", out _), zone.ToString());

        await using var scope = host.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<VisitPlan>().CountAsync());
    }

    [Fact]
    public async Task EachPlanIsOneHangfireRecurringJob_ReRegisteredOnEdit_RemovedWhilePaused_AndSeenByItsProviderAndIsland()
    {
        var clock = new TestClock { Frozen = Start() };
        await using var host = NewHost(clock);
        var baisha = await PlanAsync(host, "0 9 * * 2#1");
        var changbai = await PlanAsync(host, "0 9 * * *", island: "changbai", by: Admin);
        RecurringJobDto? Job(Guid plan)
        {
            using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
            return connection.GetRecurringJobs().SingleOrDefault(j => j.Id == VisitPlan.JobIdOf(plan));
        }
        Assert.Equal(("0 9 * * 2#1", "Asia/Shanghai"), (Job(baisha)!.Cron, Job(baisha)!.TimeZoneId));

        var officer = await ClientAsync(host, PutuoOfficer);
        object Body(string cron, bool paused) => new { serviceCode = Service, jurisdictionId = "baisha", providerId = Department, cron, paused };
        (await officer.PutAsJsonAsync($"/api/visit-plans/{baisha}", Body("30 14 * * 3", false))).EnsureSuccessStatusCode();
        Assert.Equal("30 14 * * 3", Job(baisha)!.Cron);
        (await officer.PutAsJsonAsync($"/api/visit-plans/{baisha}", Body("30 14 * * 3", true))).EnsureSuccessStatusCode();
        Assert.Null(Job(baisha));
        (await officer.PutAsJsonAsync($"/api/visit-plans/{baisha}", Body("30 14 * * 3", false))).EnsureSuccessStatusCode();
        Assert.NotNull(Job(baisha));

        async Task<List<Guid>> PlansSeenBy(string email) =>
            [.. (await (await (await ClientAsync(host, email)).GetAsync("/api/visit-plans")).ReadOkAsync<JsonElement>()).EnumerateArray().Select(p => p.GetProperty("id").GetGuid())];
        Assert.Equal([baisha, changbai], (await PlansSeenBy(HealthProvider)).Order());
        Assert.Equal([baisha], await PlansSeenBy(BaishaStaff));
        Assert.Equal([baisha], await PlansSeenBy(PutuoOfficer));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/visit-plans/{changbai}/visits")).StatusCode);
        var staffEdit = await (await ClientAsync(host, BaishaStaff)).PutAsJsonAsync($"/api/visit-plans/{baisha}", Body("0 9 * * *", false));
        Assert.Equal(HttpStatusCode.Forbidden, staffEdit.StatusCode);
    }

    [Fact]
    public async Task APlanReadsItsCronInChinese_WithItsNextFiveDates_AndPausingStopsIt()
    {
        var clock = new TestClock { Frozen = Start() };
        await using var host = NewHost(clock);
        var plan = await PlanAsync(host, "0 9 * * 2#1");
        var officer = await ClientAsync(host, PutuoOfficer);
        var view = await (await officer.GetAsync($"/api/visit-plans/{plan}")).ReadOkAsync<JsonElement>();
        Assert.Equal("每月第一个周二 09:00", view.GetProperty("reading").GetString());
        Assert.Equal(["2027年3月2日 09:00", "2027年4月6日 09:00", "2027年5月4日 09:00", "2027年6月1日 09:00", "2027年7月6日 09:00"],
            view.GetProperty("nextDates").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 9, 0, 0, China), view.GetProperty("nextRunAt").GetDateTimeOffset());

        var paused = await (await officer.PutAsJsonAsync($"/api/visit-plans/{plan}", new
        {
            serviceCode = Service, jurisdictionId = "baisha", providerId = Department, cron = "0 9 * * 2#1", timeZone = "Asia/Shanghai", paused = true,
        })).ReadOkAsync<JsonElement>();
        Assert.True(paused.GetProperty("paused").GetBoolean());
        clock.Frozen = new DateTimeOffset(2027, 4, 10, 9, 0, 0, China);
        Assert.Equal(0, await CatchUpAsync(host, plan));

        // Resumed, it owes nothing for the months it was paused; its next date counts from now.
        officer = await ClientAsync(host, PutuoOfficer);
        var resumed = await (await officer.PutAsJsonAsync($"/api/visit-plans/{plan}", new
        {
            serviceCode = Service, jurisdictionId = "baisha", providerId = Department, cron = "0 9 * * 2#1", paused = false,
        })).ReadOkAsync<JsonElement>();
        Assert.Equal(new DateTimeOffset(2027, 5, 4, 9, 0, 0, China), resumed.GetProperty("nextRunAt").GetDateTimeOffset());
        Assert.Equal(0, await CatchUpAsync(host, plan));
        Assert.Empty(await StoredVisitsAsync(host, plan));
    }
}

public sealed class SqliteVisitFacts : VisitFacts
{
    protected override CaseHubFactory NewHost(TestClock clock, string? database = null, bool keep = false) =>
        new SqliteHost(database) { KeepDatabase = keep, TestServices = s => s.AddSingleton<TimeProvider>(clock) };

    protected override string DatabaseFor(Guid id) => Path.Combine(Path.GetTempPath(), $"casehub-visits-{id:N}.db");
}

public sealed class PostgresVisitFacts : VisitFacts
{
    protected override CaseHubFactory NewHost(TestClock clock, string? database = null, bool keep = false) =>
        new PostgresHost(database) { KeepDatabase = keep, TestServices = s => s.AddSingleton<TimeProvider>(clock) };

    protected override string DatabaseFor(Guid id) => $"casehub_test_{id:N}";

    [Fact]
    public async Task TwoHostsOnOnePostgreSql_MakeEachOccurrenceOnce()
    {
        var clock = new TestClock { Frozen = Start() };
        await using var a = new PostgresHost { KeepDatabase = true, TestServices = s => s.AddSingleton<TimeProvider>(clock) };
        var plan = await PlanAsync(a, "* * * * *");
        await using var b = NewHost(clock, a.DatabaseName);

        clock.Frozen = Start().AddMinutes(10);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => CatchUpAsync(i % 2 == 0 ? a : b, plan))));

        var visits = await StoredVisitsAsync(a, plan);
        Assert.Equal(10, visits.Count);
        Assert.Equal(10, visits.Select(v => v.OccurrenceAt).Distinct().Count());
        var tickets = visits.Select(v => v.TicketId).ToList();
        Assert.Equal(10, await InScopeAsync(a, s => s.GetRequiredService<CaseHubDbContext>().Set<Ticket>().CountAsync(t => tickets.Contains(t.Id) && t.Channel == "visit")));
    }
}
