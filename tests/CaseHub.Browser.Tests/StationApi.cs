using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Core.Data;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Browser.Tests.Infrastructure.Pages;

namespace CaseHub.Browser.Tests;

/// <summary>What the station and kiosk journeys set up or check over the HTTP API and the database, as the other roles.</summary>
public static class StationApi
{
    public static string NewPhone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    public static async Task<HttpClient> ClientAsAsync(string baseUrl, string email)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A 普陀区 local item whose form has every field type the schema allows (two of them required), so the
    /// pages' form rendering and its errors are exercised; a fresh code per call keeps journeys apart.
    /// </summary>
    public static async Task<(string Code, string Name)> EveryFieldItemAsync(string baseUrl)
    {
        var code = $"x.station_{Guid.NewGuid():N}"[..28];
        var name = "上门理发" + code[^4..];
        var officer = await ClientAsAsync(baseUrl, PutuoOfficer);
        var response = await officer.PostAsJsonAsync("/api/catalog/items", new
        {
            code, function = "eldercare", name, nameEn = "Home haircut", mode = "on_demand", scopeJurisdictionId = "putuo", needsApproval = false,
            formSchema = new
            {
                fields = new object[]
                {
                    new { name = "need", label = "需要做什么", type = "text", required = true },
                    new { name = "people", label = "几位老人", type = "number", required = false },
                    new { name = "bedridden", label = "是否卧床", type = "boolean", required = false },
                    new { name = "day", label = "希望哪天来", type = "date", required = false },
                    new { name = "contact", label = "家属电话", type = "phone", required = false },
                    new { name = "place", label = "在哪里服务", type = "select", required = true, options = new[] { "到家里", "到驿站" } },
                },
            },
            slaHours = 16,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating the item: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (code, name);
    }

    public static async Task<int> TicketCountAsync(IServiceProvider services, string serviceCode)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<Ticket>().CountAsync(t => t.ServiceCode == serviceCode);
    }

    /// <summary>A hotline order on 白沙岛 taken by 市卫健委 to delivery, and the next-working-day timer fired: the return visit is open for the station.</summary>
    public static async Task<(string Id, string Number, string Phone)> TicketAwaitingReturnVisitAsync(string baseUrl, IServiceProvider services)
    {
        var phone = NewPhone();
        var hotline = await ClientAsAsync(baseUrl, Hotline);
        using var order = new HttpRequestMessage(HttpMethod.Post, "/api/tickets")
        {
            Content = JsonContent.Create(new
            {
                serviceCode = "health.telemedicine", jurisdictionId = "baisha", channel = "hotline",
                resident = new { name = "王阿婆", phone }, form = new { details = "想请医生远程看看血压" },
            }),
        };
        order.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var created = await hotline.SendAsync(order);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = ticket.GetProperty("id").GetString()!;

        var provider = await ClientAsAsync(baseUrl, HealthProvider);
        await CompleteAsync(provider, id, "dispatch", "Accept");
        await CompleteAsync(provider, id, "delivery", "Delivered", new { notes = "远程问诊", servedAt = DateTimeOffset.Now.ToString("O"), servedBy = "王医生" });

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var instance = await db.Set<Ticket>().Where(t => t.Id == Guid.Parse(id)).Select(t => t.WorkflowInstanceId).SingleAsync();
        var past = DateTime.UtcNow.AddSeconds(-1);
        await db.Set<WorkflowTimerRecord>().Where(t => t.InstanceId == instance).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, past));
        await scope.ServiceProvider.GetRequiredService<WorkflowTimers>().FireDueAsync();
        return (id, ticket.GetProperty("number").GetString()!, phone);
    }

    public static async Task<string> StatusAsync(string baseUrl, string ticketId) =>
        (await (await ClientAsAsync(baseUrl, PutuoOfficer)).GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}")).GetProperty("status").GetString()!;

    private static async Task CompleteAsync(HttpClient client, string ticketId, string kind, string outcome, object? data = null)
    {
        var tasks = await client.GetFromJsonAsync<JsonElement>("/api/tasks");
        var task = tasks.EnumerateArray().Single(t => t.GetProperty("ticketId").GetString() == ticketId && t.GetProperty("kind").GetString() == kind);
        var done = await client.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", new { outcome, data });
        Assert.True(done.StatusCode == HttpStatusCode.OK, $"{kind} → {outcome}: {await done.Content.ReadAsStringAsync()}");
    }
}
