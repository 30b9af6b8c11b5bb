using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseHub.Core.Data;
using CaseHub.Core.Residents;
using CaseHub.Core.Tickets;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests;

/// <summary>Ticket intake and reading tickets back, on SQLite and PostgreSQL.</summary>
public abstract partial class TicketFacts(CaseHubFactory host)
{
    private const string Hotline = "hotline@casehub.local";
    private const string Admin = "admin@casehub.local";
    private const string PutuoOfficer = "putuo.officer@casehub.local";
    private const string DirectItem = "convenience.appliance_repair";
    private const string ApprovalItem = "relief.application_assist";

    [GeneratedRegex(@"^ZS-\d{8}-\d{6}$")]
    private static partial Regex NumberPattern();

    // Each fact orders for a phone of its own, so residents and tickets it counts are its own.
    private static string NewPhone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private static Dictionary<string, object?> Order(string phone, string code = DirectItem, string place = "baisha", object? form = null) => new()
    {
        ["serviceCode"] = code, ["jurisdictionId"] = place, ["channel"] = "hotline",
        ["resident"] = new { name = "王阿婆", phone, idNumber = (string?)null },
        ["form"] = form ?? new { details = "冰箱不制冷", preferredDate = "2026-12-01" },
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private async Task<int> CountAsync<T>(Func<IQueryable<T>, IQueryable<T>>? filter = null) where T : class
    {
        await using var scope = host.Services.CreateAsyncScope();
        var set = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<T>();
        return await (filter is null ? set : filter(set)).CountAsync();
    }

    [Fact]
    public async Task AHotlineOrder_CreatesANumberedTicketWithAWorkflowAndADispatchedStatus()
    {
        var hotline = await host.ClientAsAsync(Hotline);
        var phone = NewPhone();
        var response = await PostAsync(hotline, Order(phone), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadOkAsync<JsonElement>();

        Assert.Matches(NumberPattern(), created.GetProperty("number").GetString());
        Assert.Equal("Dispatched", created.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("workflowInstanceId").GetString()));

        var id = created.GetProperty("id").GetString();
        var ticket = await (await hotline.GetAsync($"/api/tickets/{id}")).ReadOkAsync<JsonElement>();
        Assert.Equal($"{phone[..3]}****{phone[^4..]}", ticket.GetProperty("resident").GetProperty("phone").GetString());
        Assert.Equal("王阿婆", ticket.GetProperty("resident").GetProperty("name").GetString());
        Assert.Equal("hotline", ticket.GetProperty("channel").GetString());
        // Two working days (the seed items' default SLA) on the business calendar, from the order.
        Assert.True(ticket.GetProperty("dueAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(16));
        var events = ticket.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("submitted", events[0].GetProperty("type").GetString());
        // The workflow's first step ran in the same transaction: the ticket is dispatched and its dispatch task waits.
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "status_changed" && e.GetProperty("data").GetProperty("to").GetString() == "Dispatched");
        Assert.DoesNotContain(phone, ticket.GetRawText());
        // The channel sees what the resident may see; the county's staff see the dispatch task that waits.
        Assert.Empty(ticket.GetProperty("tasks").EnumerateArray());
        var staffView = await (await (await host.ClientAsAsync(PutuoOfficer)).GetAsync($"/api/tickets/{id}")).ReadOkAsync<JsonElement>();
        Assert.Contains(staffView.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("kind").GetString() == "dispatch" && t.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task AnItemThatNeedsApproval_WaitsInPendingApproval()
    {
        var response = await PostAsync(await host.ClientAsAsync(Hotline), Order(NewPhone(), ApprovalItem), Guid.NewGuid().ToString());
        var created = await response.ReadOkAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("PendingApproval", created.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("workflowInstanceId").GetString()));
    }

    [Fact]
    public async Task TheSameKey_ReturnsTheSameTicketForTheSameBodyAnd422ForAnother()
    {
        var hotline = await host.ClientAsAsync(Hotline);
        var key = Guid.NewGuid().ToString();
        var phone = NewPhone();
        var first = await (await PostAsync(hotline, Order(phone), key)).ReadOkAsync<JsonElement>();

        var again = await PostAsync(hotline, Order(phone), key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.GetProperty("id").GetString(), (await again.ReadOkAsync<JsonElement>()).GetProperty("id").GetString());

        await (await PostAsync(hotline, Order(phone, form: new { details = "洗衣机" }), key)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await TicketsForAsync(phone));
    }

    private async Task<int> TicketsForAsync(string phone)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        return await db.Set<Ticket>().CountAsync(t => db.Set<Resident>().Any(r => r.Id == t.ResidentId && r.Phone == phone));
    }

    [Fact]
    public async Task TwentyConcurrentRequestsWithOneKey_CreateOneTicket()
    {
        var hotline = await host.ClientAsAsync(Hotline);
        var key = Guid.NewGuid().ToString();
        var phone = NewPhone();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => PostAsync(hotline, Order(phone), key))));

        var ids = new List<string?>();
        foreach (var r in responses) ids.Add((await r.ReadOkAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Single(ids.Distinct());
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await TicketsForAsync(phone));
    }

    [Fact]
    public async Task AChannelWithoutAnIdempotencyKey_Gets400NamingTheHeader()
    {
        var phone = NewPhone();
        var problem = await (await PostAsync(await host.ClientAsAsync(Hotline), Order(phone))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await TicketsForAsync(phone));
    }

    [Theory]
    [InlineData("form.details", "{\"details\":42}")]
    [InlineData("form.preferredDate", "{\"preferredDate\":\"next week\"}")]
    [InlineData("form.colour", "{\"colour\":\"red\"}")]
    [InlineData("resident.phone", null)]
    [InlineData("serviceCode", null)]
    public async Task ABadOrder_Returns400NamingTheFieldAndStoresNothing(string field, string? form)
    {
        var phone = NewPhone();
        var body = Order(phone, form: form is null ? null : JsonDocument.Parse(form).RootElement);
        if (field == "resident.phone") body["resident"] = new { name = "王阿婆", phone = "12345" };
        if (field == "serviceCode") body["serviceCode"] = "convenience.no_such_service";
        var tickets = await CountAsync<Ticket>();

        var problem = await (await PostAsync(await host.ClientAsAsync(Hotline), body, Guid.NewGuid().ToString())).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(tickets, await CountAsync<Ticket>());
        Assert.Equal(0, await CountAsync<Resident>(q => q.Where(r => r.Phone == phone)));
    }

    [Fact]
    public async Task ARequiredFormFieldLeftOut_Returns400()
    {
        var code = $"x.ferry_{Guid.NewGuid():N}"[..30];
        var item = new
        {
            code, function = "convenience", name = "渡口接送", mode = "on_demand", scopeJurisdictionId = "putuo", needsApproval = false, slaHours = 8,
            formSchema = new { fields = new object[] { new { name = "pier", label = "码头", type = "select", required = true, options = new[] { "白沙港", "沈家门" } } } },
        };
        (await (await host.ClientAsAsync(Admin)).PostAsJsonAsync("/api/catalog/items", item)).EnsureSuccessStatusCode();
        var hotline = await host.ClientAsAsync(Hotline);

        var missing = await (await PostAsync(hotline, Order(NewPhone(), code, form: new { }), Guid.NewGuid().ToString())).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("form.pier", out _));
        var wrong = await (await PostAsync(hotline, Order(NewPhone(), code, form: new { pier = "上海" }), Guid.NewGuid().ToString())).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("form.pier", out _));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(hotline, Order(NewPhone(), code, form: new { pier = "白沙港" }), Guid.NewGuid().ToString())).StatusCode);
    }

    [Fact]
    public async Task AServiceSwitchedOffAtThePlace_Returns409()
    {
        var admin = await host.ClientAsAsync(Admin);
        var hotline = await host.ClientAsAsync(Hotline);
        var code = $"x.ferry_{Guid.NewGuid():N}"[..30];
        var item = new
        {
            code, function = "convenience", name = "渡口接送", mode = "on_demand", scopeJurisdictionId = "putuo", needsApproval = false, slaHours = 8,
            formSchema = new { fields = Array.Empty<object>() },
        };
        (await admin.PostAsJsonAsync("/api/catalog/items", item)).EnsureSuccessStatusCode();
        (await admin.PutJsonAsync($"/api/catalog/items/{code}/overrides/baisha", new { enabled = false })).EnsureSuccessStatusCode();
        await (await PostAsync(hotline, Order(NewPhone(), code, form: new { }), Guid.NewGuid().ToString())).AssertProblemAsync(HttpStatusCode.Conflict);

        (await admin.PutJsonAsync("/api/jurisdictions/dengbu/modules/culture", new { enabled = false })).EnsureSuccessStatusCode();
        try
        {
            await (await PostAsync(hotline, Order(NewPhone(), "culture.venue_access", "dengbu"), Guid.NewGuid().ToString())).AssertProblemAsync(HttpStatusCode.Conflict);
        }
        finally
        {
            (await admin.PutJsonAsync("/api/jurisdictions/dengbu/modules/culture", new { enabled = true })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task AStationProxyOrder_RecordsTheProxyAndIsForStationStaffOnly()
    {
        var body = Order(NewPhone(), place: "baisha-station");
        body["channel"] = "station_proxy";
        var staff = await host.ClientAsAsync("baisha.staff@casehub.local");

        var noProxy = await (await PostAsync(staff, body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(noProxy.GetProperty("errors").TryGetProperty("proxy.name", out _));

        body["proxy"] = new { name = "李站长", relation = "驿站工作人员" };
        await (await PostAsync(await host.ClientAsAsync(Hotline), body, Guid.NewGuid().ToString())).AssertProblemAsync(HttpStatusCode.Forbidden);
        var response = await PostAsync(staff, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = Guid.Parse((await response.ReadOkAsync<JsonElement>()).GetProperty("id").GetString()!);

        await using var scope = host.Services.CreateAsyncScope();
        var ticket = await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<Ticket>().SingleAsync(t => t.Id == id);
        Assert.Equal(("李站长", "驿站工作人员", "baisha.staff@casehub.local"), (ticket.ProxyName, ticket.ProxyRelation, ticket.PlacedBy));
    }

    [Fact]
    public async Task ADinghaiCaseworker_NeitherSeesNorListsAPutuoTicket()
    {
        var created = await (await PostAsync(await host.ClientAsAsync(Hotline), Order(NewPhone()), Guid.NewGuid().ToString())).ReadOkAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        var dinghai = await host.ClientAsAsync("dinghai.caseworker@casehub.local");
        await (await dinghai.GetAsync($"/api/tickets/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var listed = await (await dinghai.GetAsync("/api/tickets?pageSize=100")).ReadOkAsync<JsonElement>();
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        await (await dinghai.GetAsync("/api/tickets?jurisdictionId=baisha")).AssertProblemAsync(HttpStatusCode.NotFound);

        var putuo = await host.ClientAsAsync("putuo.caseworker@casehub.local");
        var mine = await (await putuo.GetAsync($"/api/tickets?jurisdictionId=baisha&serviceCode={DirectItem}&status=Dispatched&pageSize=100")).ReadOkAsync<JsonElement>();
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        Assert.Contains("****", mine.GetProperty("items")[0].GetProperty("resident").GetProperty("phone").GetString());
        Assert.True(mine.GetProperty("total").GetInt32() >= 1);
        await (await putuo.GetAsync("/api/tickets?pageSize=101")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTicketFacts(SqliteHost host) : TicketFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTicketFacts(PostgresHost host) : TicketFacts(host);
