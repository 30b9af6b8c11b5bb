using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Tickets;
using CaseHub.Host.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Cases;
using static CaseHub.Host.Tests.Infrastructure.CaseSetup;

namespace CaseHub.Host.Tests;

/// <summary>
/// Two real hosts on one PostgreSQL database and no balancer: the test sends each request to one or the other, as
/// a round-robin would, and checks that what must happen once does (the scale-out of the architecture guide).
/// Visit occurrences are not covered here: visit plans are not built yet.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoHostFacts : IAsyncLifetime
{
    private PostgresHost _a = null!;
    private PostgresHost _b = null!;

    public async Task InitializeAsync()
    {
        _a = new PostgresHost { KeepDatabase = true };
        await (await _a.ClientAsAsync(Admin)).GetAsync("/health/ready"); // A migrates and seeds the database first
        _b = new PostgresHost(_a.DatabaseName);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync(); // B drops the database
    }

    private CaseHubFactory Host(int i) => i % 2 == 0 ? _a : _b;

    [Fact]
    public async Task TheSameIdempotencyKeySentToBothHosts_MakesOneTicket()
    {
        var order = Order();
        var key = Guid.NewGuid().ToString();
        var clients = new[] { await _a.ClientAsAsync(Hotline), await _b.ClientAsAsync(Hotline) };
        async Task<(HttpStatusCode Status, string Id)> Send(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(order) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
            return (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
        }

        using var gate = new Barrier(2);
        var racing = await Task.WhenAll(clients.Select(c => Task.Run(async () => { gate.SignalAndWait(); return await Send(c); })));
        var retries = new[] { await Send(clients[0]), await Send(clients[1]) };

        var answers = racing.Concat(retries).ToList();
        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created], answers.Select(a => a.Status).Order());
        await using var scope = _b.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        Assert.Equal(1, await db.Set<IdempotencyRecord>().CountAsync(r => r.Key == key));
        Assert.Equal(1, await db.Set<Ticket>().CountAsync(t => t.Id == Guid.Parse(answers[0].Id)));
    }

    [Fact]
    public async Task TheSameTaskCompletedOnBothHostsAtOnce_OneWinsAndTheOtherIs409()
    {
        var ticketId = await OrderAsync(await _a.ClientAsAsync(Hotline), Order());
        var providers = new[] { await _b.ClientAsAsync(HealthProvider), await _a.ClientAsAsync(HealthProvider) };
        var taskId = await TaskIdAsync(providers[0], ticketId, "dispatch");

        using var gate = new Barrier(2);
        var answers = await Task.WhenAll(providers.Select(p => Task.Run(async () =>
        {
            gate.SignalAndWait();
            using var response = await CompleteAsync(p, taskId, "Accept");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));

        Assert.True(answers.Select(a => a.StatusCode).Order().SequenceEqual([HttpStatusCode.OK, HttpStatusCode.Conflict]),
            string.Join(" | ", answers.Select(a => $"{(int)a.StatusCode} {a.Body}")));
        var ticket = await TicketAsync(providers[1], ticketId);
        var task = Assert.Single(ticket.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("id").GetString() == taskId);
        Assert.Equal("Accept", task.GetProperty("outcome").GetString());
        // One acceptance moved the ticket once: no status was entered twice.
        var entered = Events(ticket, "status_changed").Select(e => e.GetProperty("data").GetProperty("to").GetString()).ToList();
        Assert.Equal(entered.Distinct(), entered);
    }

    [Fact]
    public async Task ADueWorkflowTimer_FiresOnceWhileBothHostsSweep()
    {
        var provider = await _a.ClientAsAsync(HealthProvider);
        var ticketId = await OrderAsync(await _b.ClientAsAsync(Hotline), Order());
        await DoAsync(provider, ticketId, "dispatch", "Accept");
        await DoAsync(await _b.ClientAsAsync(HealthProvider), ticketId, "delivery", "Delivered", data: new { notes = "已上门" });

        // The return visit waits for the next working day; make it due now, then let both hosts fire at once
        // (their Hangfire sweeps run every 5 s on top of these calls).
        string instance, waiting;
        await using (var scope = _a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            instance = (await db.Set<Ticket>().Where(t => t.Id == Guid.Parse(ticketId)).Select(t => t.WorkflowInstanceId).SingleAsync())!;
            waiting = await db.Set<WorkflowTimerRecord>().Where(t => t.InstanceId == instance).Select(t => t.Id).SingleAsync();
            var past = DateTime.UtcNow.AddSeconds(-1);
            Assert.Equal(1, await db.Set<WorkflowTimerRecord>().Where(t => t.Id == waiting).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, past)));
        }
        using var gate = new Barrier(4);
        var fired = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            await using var scope = Host(i).Services.CreateAsyncScope();
            var timers = scope.ServiceProvider.GetRequiredService<WorkflowTimers>();
            gate.SignalAndWait();
            return await timers.FireDueAsync();
        })));
        await Task.Delay(TimeSpan.FromSeconds(6)); // a sweep on each host has run since

        Assert.Equal(1, fired.Sum());
        var ticket = await TicketAsync(await _b.ClientAsAsync(BaishaStaff), ticketId);
        Assert.Single(ticket.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("kind").GetString() == "returnVisit");
        await using (var scope = _b.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDb>();
            // The fired timer is gone; the one left is the return-visit task's own deadline, beside its one bookmark.
            Assert.False(await db.Timers.AnyAsync(t => t.Id == waiting));
            Assert.Single(await db.Bookmarks.Where(b => b.InstanceId == instance).ToListAsync());
            Assert.True(await db.Timers.CountAsync(t => t.InstanceId == instance) <= 1);
        }
        await DoAsync(await _a.ClientAsAsync(BaishaStaff), ticketId, "returnVisit", "Satisfied");
        Assert.Equal("Closed", Status(await TicketAsync(await _b.ClientAsAsync(BaishaStaff), ticketId)));
    }

    [Fact]
    public async Task AuditRecordsWrittenAndSealedOnBothHosts_MakeOneUnbrokenChain()
    {
        var places = (await (await (await _a.ClientAsAsync(Admin)).GetAsync("/api/jurisdictions")).ReadOkAsync<List<JsonElement>>())
            .Select(p => p.GetProperty("id").GetString()!).Take(20).ToList();
        var before = await VerifyAsync(_b);

        // Toggles alternate between the hosts while both seal (their own 5-second jobs, and these loops) the whole time.
        using var stop = new CancellationTokenSource();
        var sealers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var scope = Host(i).Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync();
                await Task.Delay(20);
            }
        })).ToList();
        await Task.WhenAll(places.Select(async (place, i) =>
            (await (await Host(i).ClientAsAsync(Admin)).PutJsonAsync($"/api/jurisdictions/{place}/modules/legalaid", new { enabled = false })).EnsureSuccessStatusCode()));
        stop.Cancel();
        await Task.WhenAll(sealers);

        var onA = await VerifyAsync(_a);
        var onB = await VerifyAsync(_b);
        Assert.True(onA.Intact && onB.Intact, $"broken at row {onA.FirstBrokenRowId ?? onB.FirstBrokenRowId}");
        Assert.Equal(before.Rows + 20, onA.Rows);
        Assert.Equal(onA.Rows, onB.Rows);
        var toggled = await _a.SealedAuditAsync(q => q.Where(r => r.Action == "module.disable" && r.EntityId.EndsWith("/legalaid")).Select(r => r.JurisdictionId!).ToListAsync());
        Assert.Equal(places.Order(), toggled.Order());
    }

    private sealed record Verification(bool Intact, long Rows, long? FirstBrokenRowId);

    private static async Task<Verification> VerifyAsync(CaseHubFactory host) =>
        await (await (await host.ClientAsAsync(Admin)).GetAsync("/api/audit/verify")).ReadOkAsync<Verification>();
}
