using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Browser.Tests.Infrastructure;
using CaseHub.Core.Data;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Browser.Tests;

/// <summary>Orders placed over the HTTP API (as the hotline does), for the journeys that then work them in the browser.</summary>
public static class ApiOrders
{
    public static async Task<HttpClient> ClientAsync(string baseUrl, string email)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Pages.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A 普陀区 item that needs approval and goes to 市卫健委 (the county's override names it): a local item of the test's
    /// own, so no other journey's tickets share it. Returns its code.
    /// </summary>
    public static async Task<string> ApprovalItemForHealthAsync(string baseUrl)
    {
        var officer = await ClientAsync(baseUrl, Pages.PutuoOfficer);
        var code = $"x.work_{Guid.NewGuid():N}"[..24];
        var created = await officer.PostAsJsonAsync("/api/catalog/items", new
        {
            code, function = "health", name = "上门慢病随访", nameEn = "Chronic-care visit at home", mode = "on_demand", scopeJurisdictionId = "putuo",
            needsApproval = true, slaHours = 16,
            formSchema = new { fields = new object[] { new { name = "details", label = "需求说明", type = "text", required = true } } },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var provider = await officer.PutAsJsonAsync($"/api/catalog/items/{code}/overrides/putuo", new { providerId = "zs-health" });
        Assert.True(provider.IsSuccessStatusCode, await provider.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>A hotline order on 白沙岛; returns the ticket's id and number.</summary>
    public static async Task<(string Id, string Number)> HotlineOrderAsync(string baseUrl, string code)
    {
        var hotline = await ClientAsync(baseUrl, Pages.Hotline);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets")
        {
            Content = JsonContent.Create(new
            {
                serviceCode = code, jurisdictionId = "baisha", channel = "hotline",
                resident = new { name = "李大伯", phone = "137" + Random.Shared.NextInt64(10_000_000, 99_999_999) },
                form = new { details = "高血压，想请医生上门复查" },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await hotline.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var ticket = JsonDocument.Parse(body).RootElement;
        return (ticket.GetProperty("id").GetString()!, ticket.GetProperty("number").GetString()!);
    }

    /// <summary>The return visit waits for the next working day's timer: bring it due now and fire it, as the Hangfire sweep would.</summary>
    public static async Task FireTimersAsync(BrowserHost host, string ticketId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var instance = await db.Set<Ticket>().Where(t => t.Id == Guid.Parse(ticketId)).Select(t => t.WorkflowInstanceId).SingleAsync();
        var past = DateTime.UtcNow.AddSeconds(-1);
        Assert.True(await db.Set<WorkflowTimerRecord>().Where(t => t.InstanceId == instance).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, past)) > 0);
        await scope.ServiceProvider.GetRequiredService<WorkflowTimers>().FireDueAsync();
    }

    public static async Task<JsonElement> TicketAsync(string baseUrl, string email, string id) =>
        await (await ClientAsync(baseUrl, email)).GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
}
