using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Core.Audit;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using CaseHub.Host.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests;

/// <summary>
/// SLA clocks on a real database: due times paused by suspensions, moved when one is declared, and the escalation
/// sweep. Each fact uses dates and tickets of its own, since the collection's facts share one database.
/// </summary>
public abstract class SlaFacts(CaseHubFactory host)
{
    private const string Admin = "admin@casehub.local";
    private const string Hotline = "hotline@casehub.local";
    private const string PutuoOfficer = "putuo.officer@casehub.local";
    private const double ItemHours = 16;
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, China);

    /// <summary>An item of 16 SLA hours, so the arithmetic below holds; scoped to a county, as the city's catalogue is counted elsewhere.</summary>
    private async Task<string> CreateItemAsync(string county = "putuo")
    {
        var code = $"x.sla_{Guid.NewGuid():N}"[..30];
        var item = new
        {
            code, function = "convenience", name = "渡口接送", mode = "on_demand", scopeJurisdictionId = county, needsApproval = false,
            slaHours = (int)ItemHours, formSchema = new { fields = Array.Empty<object>() },
        };
        (await (await host.ClientAsAsync(Admin)).PostAsJsonAsync("/api/catalog/items", item)).EnsureSuccessStatusCode();
        return code;
    }

    /// <summary>Orders through the hotline as intake does; intake does not set due times yet, so facts set them in the database.</summary>
    private async Task<Guid> OrderAsync(string code, string place)
    {
        var body = new
        {
            serviceCode = code, jurisdictionId = place, channel = "hotline",
            resident = new { name = "王阿婆", phone = "139" + Random.Shared.NextInt64(10_000_000, 99_999_999) }, form = new { },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await (await host.ClientAsAsync(Hotline)).SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.ReadOkAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private async Task SetClockAsync(Guid id, DateTimeOffset? dueAt, DateTimeOffset? createdAt = null, TicketStatus? status = null, DateTimeOffset? escalatedAt = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var ticket = await db.Set<Ticket>().AsNoTracking().SingleAsync(t => t.Id == id);
        await db.Set<Ticket>().Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.DueAt, dueAt)
            .SetProperty(t => t.CreatedAt, createdAt ?? ticket.CreatedAt)
            .SetProperty(t => t.Status, status ?? ticket.Status)
            .SetProperty(t => t.EscalatedAt, escalatedAt));
    }

    private async Task<Ticket> TicketAsync(Guid id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<Ticket>().AsNoTracking().SingleAsync(t => t.Id == id);
    }

    private async Task<List<TicketEvent>> EventsAsync(Guid id, string type)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<TicketEvent>().AsNoTracking()
            .Where(e => e.TicketId == id && e.Type == type).ToListAsync();
    }

    private async Task<List<CaseTask>> EscalationsAsync(Guid id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<CaseTask>().AsNoTracking()
            .Where(t => t.TicketId == id && t.Kind == TaskKinds.Escalation).ToListAsync();
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SlaEscalation>().EscalateOverdueAsync(CancellationToken.None);
    }

    private async Task DeclareAsync(string place, DateTimeOffset from, DateTimeOffset to)
    {
        var body = new { from = from.ToString("O"), to = to.ToString("O"), reason = $"台风停航 / typhoon {Guid.NewGuid():N}" };
        var response = await (await host.ClientAsAsync(PutuoOfficer)).PostAsJsonAsync($"/api/jurisdictions/{place}/suspensions", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task DueAt_SkipsTheWorkingHoursOfASuspensionDeclaredOnAnAncestor()
    {
        // Monday 16 November 2026; the county stops Tuesday 10:00 to Thursday 10:00, 15 working hours.
        await DeclareAsync("putuo", At(2026, 11, 17, 10), At(2026, 11, 19, 10));

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var sla = scope.ServiceProvider.GetRequiredService<TicketSla>();
        var station = (await db.Jurisdictions.FindAsync("baisha-station"))!;
        var elsewhere = (await db.Jurisdictions.FindAsync("changbai"))!;

        Assert.Equal(At(2026, 11, 20, 10), await sla.DueAtAsync(station, At(2026, 11, 16, 9), ItemHours, CancellationToken.None));
        Assert.Equal(At(2026, 11, 18, 10), await sla.DueAtAsync(elsewhere, At(2026, 11, 16, 9), ItemHours, CancellationToken.None));
        // Ordered after the suspension ended: nothing to skip (Friday 6 h, Monday 7.5 h, Tuesday 2.5 h).
        Assert.Equal(At(2026, 11, 24, 11), await sla.DueAtAsync(station, At(2026, 11, 20, 10), ItemHours, CancellationToken.None));
    }

    [Fact]
    public async Task DeclaringASuspension_MovesOpenTicketsInsideTheSubtreeOnly()
    {
        var code = await CreateItemAsync();
        var (ordered, due) = (At(2026, 3, 9, 9), At(2026, 3, 11, 10)); // Monday 09:00 + 16 working hours
        var open = await OrderAsync(code, "baisha-station");
        var closed = await OrderAsync(code, "baisha");
        var outside = await OrderAsync(code, "taohua"); // another island of the same county
        var undated = await OrderAsync(code, "baisha");
        await SetClockAsync(open, due, ordered);
        await SetClockAsync(closed, due, ordered, TicketStatus.Closed);
        await SetClockAsync(outside, due, ordered);
        await SetClockAsync(undated, null, ordered);

        // Tuesday 10:00 to Thursday 10:00 on the island: 15 working hours, so Wednesday 10:00 becomes Friday 10:00.
        await DeclareAsync("baisha", At(2026, 3, 10, 10), At(2026, 3, 12, 10));

        Assert.Equal(At(2026, 3, 13, 10), (await TicketAsync(open)).DueAt);
        var moved = Assert.Single(await EventsAsync(open, SlaRecalculation.EventType));
        var data = JsonDocument.Parse(moved.Data!).RootElement;
        Assert.Equal(due, data.GetProperty("oldDueAt").GetDateTimeOffset());
        Assert.Equal(At(2026, 3, 13, 10), data.GetProperty("newDueAt").GetDateTimeOffset());
        Assert.Equal(PutuoOfficer, moved.Actor);

        foreach (var unchanged in new[] { closed, outside })
        {
            Assert.Equal(due, (await TicketAsync(unchanged)).DueAt);
            Assert.Empty(await EventsAsync(unchanged, SlaRecalculation.EventType));
        }
        Assert.Null((await TicketAsync(undated)).DueAt);
        Assert.Empty(await EventsAsync(undated, SlaRecalculation.EventType));
    }

    [Fact]
    public async Task DeclaringASuspension_MovesAnOpenDispatchTasksDueTimeAndItsTimer_InWorkingHours()
    {
        // The demo provider's telemedicine dispatch has a 24-hour limit; its clock is put on a week of its own
        // (Monday 15 March 2027, 09:00: due Thursday 10:30) so no other fact's suspension touches it.
        var ticket = await OrderAsync("health.telemedicine", "baisha");
        var (opened, due) = (new DateTimeOffset(2027, 3, 15, 9, 0, 0, China), new DateTimeOffset(2027, 3, 18, 10, 30, 0, China));
        string taskId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            var task = await db.Set<CaseTask>().AsNoTracking().SingleAsync(t => t.TicketId == ticket && t.Kind == TaskKinds.Dispatch && t.CompletedAt == null);
            Assert.Equal(24, task.DueHours);
            taskId = task.Id;
            await db.Set<CaseTask>().Where(t => t.Id == taskId).ExecuteUpdateAsync(u => u.SetProperty(t => t.CreatedAt, opened).SetProperty(t => t.DueAt, due));
            Assert.Equal(1, await db.Set<WorkflowTimerRecord>().Where(t => t.Id == taskId).ExecuteUpdateAsync(u => u.SetProperty(t => t.DueAt, due.UtcDateTime)));
        }

        // Tuesday 10:00 to Wednesday 10:00 on the island takes 7.5 working hours out: Thursday 10:30 becomes Friday 10:30.
        await DeclareAsync("baisha", new DateTimeOffset(2027, 3, 16, 10, 0, 0, China), new DateTimeOffset(2027, 3, 17, 10, 0, 0, China));

        var moved = new DateTimeOffset(2027, 3, 19, 10, 30, 0, China);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            Assert.Equal(moved, (await db.Set<CaseTask>().AsNoTracking().SingleAsync(t => t.Id == taskId)).DueAt);
            var timer = await db.Set<WorkflowTimerRecord>().AsNoTracking().SingleAsync(t => t.Id == taskId);
            Assert.Equal(moved.UtcDateTime, DateTime.SpecifyKind(timer.DueAt, DateTimeKind.Utc));
        }
        var recorded = Assert.Single(await EventsAsync(ticket, SlaRecalculation.TaskEventType));
        var data = JsonDocument.Parse(recorded.Data!).RootElement;
        Assert.Equal(taskId, data.GetProperty("taskId").GetString());
        Assert.Equal(due, data.GetProperty("oldDueAt").GetDateTimeOffset());
        Assert.Equal(moved, data.GetProperty("newDueAt").GetDateTimeOffset());
        Assert.Equal(PutuoOfficer, recorded.Actor);
    }

    [Fact]
    public async Task TheSweep_RaisesOneEscalationForAnOverdueTicketAndNoneForOthers()
    {
        var code = await CreateItemAsync();
        var now = DateTimeOffset.UtcNow;
        var overdue = await OrderAsync(code, "baisha-station");
        var notDue = await OrderAsync(code, "baisha");
        var escalated = await OrderAsync(code, "baisha");
        var closed = await OrderAsync(code, "baisha");
        await SetClockAsync(overdue, now.AddHours(-1));
        await SetClockAsync(notDue, now.AddDays(1));
        var earlier = new DateTimeOffset(now.AddMinutes(-10).UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        await SetClockAsync(escalated, now.AddHours(-1), escalatedAt: earlier);
        await SetClockAsync(closed, now.AddHours(-1), status: TicketStatus.Closed);

        await SweepAsync();
        await SweepAsync(); // a second run finds it already escalated

        var ticket = await TicketAsync(overdue);
        Assert.NotNull(ticket.EscalatedAt);
        var task = Assert.Single(await EscalationsAsync(overdue));
        Assert.Equal($"工单超时：{ticket.Number}", task.Title);
        Assert.Equal(Roles.CountyOfficer, task.Role);
        Assert.Equal("putuo", task.JurisdictionId);
        Assert.Equal(["Acknowledged"], task.OutcomeList);
        Assert.Null(task.WorkflowInstanceId);
        Assert.Null(task.DueAt);
        Assert.Null(task.CompletedAt);

        var raised = Assert.Single(await EventsAsync(overdue, SlaEscalation.EventType));
        var data = JsonDocument.Parse(raised.Data!).RootElement;
        Assert.Equal(task.Id, data.GetProperty("taskId").GetString());
        Assert.Equal(ticket.DueAt, data.GetProperty("dueAt").GetDateTimeOffset());

        Assert.Equal(1, await host.SealedAuditAsync(rows => rows.CountAsync(a => a.Action == "ticket.escalate" && a.EntityId == overdue.ToString())));

        foreach (var other in new[] { notDue, escalated, closed })
        {
            Assert.Empty(await EscalationsAsync(other));
            Assert.Empty(await EventsAsync(other, SlaEscalation.EventType));
        }
        Assert.Null((await TicketAsync(notDue)).EscalatedAt);
        Assert.Equal(earlier, (await TicketAsync(escalated)).EscalatedAt);
    }

    [Fact]
    public async Task TheCountyOfficer_SeesAndAcknowledgesTheEscalation_OthersDoNot()
    {
        var code = await CreateItemAsync();
        var overdue = await OrderAsync(code, "baisha");
        await SetClockAsync(overdue, DateTimeOffset.UtcNow.AddHours(-1));
        await SweepAsync();

        var dinghai = await host.ClientAsAsync("dinghai.caseworker@casehub.local");
        Assert.DoesNotContain((await (await dinghai.GetAsync("/api/tasks")).ReadOkAsync<JsonElement>()).EnumerateArray(),
            t => t.GetProperty("ticketId").GetString() == overdue.ToString());
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var task = (await (await officer.GetAsync("/api/tasks")).ReadOkAsync<JsonElement>()).EnumerateArray()
            .Single(t => t.GetProperty("ticketId").GetString() == overdue.ToString() && t.GetProperty("kind").GetString() == TaskKinds.Escalation);
        var id = task.GetProperty("id").GetString();

        var done = await officer.PostAsJsonAsync($"/api/tasks/{id}/complete", new { outcome = "Acknowledged", comment = "已督办" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await (await officer.PostAsJsonAsync($"/api/tasks/{id}/complete", new { outcome = "Acknowledged" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(await EventsAsync(overdue, "escalation.acknowledged"), e => e.Actor == PutuoOfficer);
        Assert.DoesNotContain((await (await officer.GetAsync("/api/tasks")).ReadOkAsync<JsonElement>()).EnumerateArray(),
            t => t.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task TwoConcurrentSweeps_RaiseOneTaskPerTicket()
    {
        var (putuoItem, dinghaiItem) = (await CreateItemAsync(), await CreateItemAsync("dinghai"));
        var tickets = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var id = await (i % 2 == 0 ? OrderAsync(putuoItem, "baisha") : OrderAsync(dinghaiItem, "changbai-station"));
            await SetClockAsync(id, DateTimeOffset.UtcNow.AddMinutes(-5 - i));
            tickets.Add(id);
        }

        // The counts they return are not checked: other facts' overdue tickets share the database.
        await Task.WhenAll(Task.Run(SweepAsync), Task.Run(SweepAsync));

        foreach (var id in tickets)
        {
            Assert.Single(await EscalationsAsync(id));
            Assert.Single(await EventsAsync(id, SlaEscalation.EventType));
        }
        Assert.Equal("dinghai", (await EscalationsAsync(tickets[1])).Single().JurisdictionId);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSlaFacts(SqliteHost host) : SlaFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSlaFacts(PostgresHost host) : SlaFacts(host);
