using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Core.Data;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>Steps of a ticket's life through the HTTP API, shared by the case facts.</summary>
public static class Cases
{
    public const string Hotline = "hotline@casehub.local";
    public const string Admin = "admin@casehub.local";
    public const string PutuoOfficer = "putuo.officer@casehub.local";
    public const string PutuoCaseworker = "putuo.caseworker@casehub.local";
    public const string DinghaiCaseworker = "dinghai.caseworker@casehub.local";
    public const string BaishaStaff = "baisha.staff@casehub.local";
    public const string HealthProvider = "health.provider@casehub.local";
    /// <summary>A health item 市卫健委 (the demo provider user's organisation) delivers, without approval.</summary>
    public const string HealthItem = "health.telemedicine";

    public static string NewPhone() => "137" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    public static Dictionary<string, object?> Order(string code = HealthItem, string place = "baisha", string channel = "hotline", object? form = null) => new()
    {
        ["serviceCode"] = code, ["jurisdictionId"] = place, ["channel"] = channel,
        ["resident"] = new { name = "李大伯", phone = NewPhone() },
        ["proxy"] = channel == "station_proxy" ? new { name = "张站长", relation = "驿站工作人员" } : null,
        ["form"] = form ?? new { details = "血压偏高，想请医生远程看看" },
    };

    /// <summary>Places an order and returns the ticket id; fails the test unless it is created.</summary>
    public static async Task<string> OrderAsync(HttpClient client, Dictionary<string, object?> order)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(order) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> TicketAsync(HttpClient client, string ticketId) =>
        await (await client.GetAsync($"/api/tickets/{ticketId}")).ReadOkAsync<JsonElement>();

    /// <summary>The caller's open task of <paramref name="kind"/> on the ticket, from <c>GET /api/tasks</c>; null when there is none.</summary>
    public static async Task<JsonElement?> FindTaskAsync(HttpClient client, string ticketId, string kind)
    {
        var tasks = await (await client.GetAsync("/api/tasks")).ReadOkAsync<JsonElement>();
        foreach (var task in tasks.EnumerateArray())
            if (task.GetProperty("ticketId").GetString() == ticketId && task.GetProperty("kind").GetString() == kind) return task;
        return null;
    }

    public static async Task<string> TaskIdAsync(HttpClient client, string ticketId, string kind) =>
        (await FindTaskAsync(client, ticketId, kind))?.GetProperty("id").GetString()
        ?? throw new Xunit.Sdk.XunitException($"No open {kind} task on ticket {ticketId} for this caller.");

    public static Task<HttpResponseMessage> CompleteAsync(HttpClient client, string taskId, string outcome, string? comment = null, object? data = null) =>
        client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome, comment, data });

    /// <summary>Completes the caller's open task of <paramref name="kind"/> on the ticket and expects 200.</summary>
    public static async Task DoAsync(HttpClient client, string ticketId, string kind, string outcome, string? comment = null, object? data = null)
    {
        var response = await CompleteAsync(client, await TaskIdAsync(client, ticketId, kind), outcome, comment, data);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind} → {outcome}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Brings the ticket's workflow timers (the return visit waits for the next working day) due now and fires them.</summary>
    public static async Task FireTimersAsync(CaseHubFactory host, string ticketId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var instance = await db.Set<Ticket>().Where(t => t.Id == Guid.Parse(ticketId)).Select(t => t.WorkflowInstanceId).SingleAsync();
        var past = DateTime.UtcNow.AddSeconds(-1);
        Assert.True(await db.Set<WorkflowTimerRecord>().Where(t => t.InstanceId == instance).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, past)) > 0,
            $"Ticket {ticketId} has no timer waiting.");
        await scope.ServiceProvider.GetRequiredService<WorkflowTimers>().FireDueAsync();
    }

    public static string Status(JsonElement ticket) => ticket.GetProperty("status").GetString()!;

    public static IReadOnlyList<string> EventTypes(JsonElement ticket) =>
        [.. ticket.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];
}
