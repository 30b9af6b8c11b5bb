using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Cases;
using static CaseHub.Host.Tests.Infrastructure.CaseSetup;
using static CaseHub.Host.Tests.Infrastructure.Definitions;

namespace CaseHub.Host.Tests;

/// <summary>
/// The one visibility rule, tried as an outside tester would: every role against a ticket's read, its resident's
/// full record, its task and the lists, inside and outside the caller's scope.
/// </summary>
public abstract class VisibilityFacts(CaseHubFactory host)
{
    /// <summary>A hotline order on 白沙岛 (普陀区), dispatched to 市卫健委 and waiting for its acceptance.</summary>
    private async Task<(string TicketId, string TaskId)> BaishaTicketAsync()
    {
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order());
        return (ticketId, await TaskIdAsync(await host.ClientAsAsync(HealthProvider), ticketId, "dispatch"));
    }

    private async Task<HttpStatusCode> StatusOfAsync(string email, string url) => (await (await host.ClientAsAsync(email)).GetAsync(url)).StatusCode;

    [Fact]
    public async Task EveryRole_ReadsATicketAndItsResident_OnlyInsideItsScope()
    {
        var (ticketId, _) = await BaishaTicketAsync();
        var strangerProvider = await ProviderClientAsync(host, await NewProviderAsync(host, ["putuo"], []));

        // Role → (ticket read, full resident record) for a ticket on 白沙岛 that 市卫健委 is asked to serve.
        var expected = new (string Who, HttpStatusCode Ticket, HttpStatusCode Resident)[]
        {
            (Admin, HttpStatusCode.OK, HttpStatusCode.OK),
            (PutuoOfficer, HttpStatusCode.OK, HttpStatusCode.OK),
            (PutuoCaseworker, HttpStatusCode.OK, HttpStatusCode.OK),
            (DinghaiCaseworker, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            (BaishaStaff, HttpStatusCode.OK, HttpStatusCode.OK),
            (HealthProvider, HttpStatusCode.OK, HttpStatusCode.OK),
            (Hotline, HttpStatusCode.OK, HttpStatusCode.Forbidden),
        };
        foreach (var (who, ticket, resident) in expected)
        {
            Assert.True(ticket == await StatusOfAsync(who, $"/api/tickets/{ticketId}"), $"{who} reading the ticket");
            Assert.True(resident == await StatusOfAsync(who, $"/api/tickets/{ticketId}/resident"), $"{who} reading the resident");
        }
        // A provider with no work on the ticket does not know it exists, not even its resident's masked phone.
        Assert.Equal(HttpStatusCode.NotFound, (await strangerProvider.GetAsync($"/api/tickets/{ticketId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerProvider.GetAsync($"/api/tickets/{ticketId}/resident")).StatusCode);
    }

    [Fact]
    public async Task AProvider_ReadsTheFullRecordOnlyWhileItHasAnOpenTask_AndKeepsSeeingTheTicket()
    {
        var (ticketId, _) = await BaishaTicketAsync();
        var provider = await host.ClientAsAsync(HealthProvider);
        await DoAsync(provider, ticketId, "dispatch", "Accept");
        Assert.Equal(HttpStatusCode.OK, (await provider.GetAsync($"/api/tickets/{ticketId}/resident")).StatusCode);
        await DoAsync(provider, ticketId, "delivery", "Delivered", data: new { notes = "已问诊" });

        var problem = await (await provider.GetAsync($"/api/tickets/{ticketId}/resident")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("open task", problem.GetProperty("detail").GetString());
        Assert.Equal("Delivered", Status(await TicketAsync(provider, ticketId)));
    }

    [Fact]
    public async Task AChannel_SeesOnlyWhatTheResidentMaySee_OfTheTicketsItPlaced()
    {
        var (ticketId, taskId) = await BaishaTicketAsync();
        var hotline = await host.ClientAsAsync(Hotline);
        var view = await TicketAsync(hotline, ticketId);
        Assert.Empty(view.GetProperty("tasks").EnumerateArray());
        Assert.DoesNotContain(taskId, view.GetRawText());
        Assert.DoesNotContain(HealthProvider, view.GetRawText());
        Assert.All(view.GetProperty("events").EnumerateArray(), e => Assert.Contains(e.GetProperty("type").GetString(), new[] { "submitted", "status_changed", "feedback" }));

        // An order the station placed is not the hotline's.
        var staffOrder = await OrderAsync(await host.ClientAsAsync(BaishaStaff), Order(place: "baisha-station", channel: "station_proxy"));
        Assert.Equal(HttpStatusCode.NotFound, (await hotline.GetAsync($"/api/tickets/{staffOrder}")).StatusCode);
        var list = await (await hotline.GetAsync("/api/tickets?pageSize=100")).ReadOkAsync<JsonElement>();
        var ids = list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Contains(ticketId, ids);
        Assert.DoesNotContain(staffOrder, ids);
        // Nor may it complete, or learn of, a task.
        await (await CompleteAsync(hotline, taskId, "Accept")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ATask_Answers404OutsideTheCallersScope_And403ForAnotherRoleInside()
    {
        var (ticketId, taskId) = await BaishaTicketAsync();
        var stranger = await ProviderClientAsync(host, await NewProviderAsync(host, ["dinghai"], [], home: "dinghai"), home: "dinghai");
        foreach (var client in new[] { stranger, await host.ClientAsAsync(DinghaiCaseworker), await host.ClientAsAsync(Hotline) })
            await (await CompleteAsync(client, taskId, "Accept")).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var who in new[] { PutuoCaseworker, BaishaStaff })
            await (await CompleteAsync(await host.ClientAsAsync(who), taskId, "Accept")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Dispatched", Status(await TicketAsync(await host.ClientAsAsync(PutuoOfficer), ticketId)));
    }

    [Fact]
    public async Task TheLists_ShowEachCallerTheirTicketsOnly()
    {
        var (ticketId, _) = await BaishaTicketAsync();
        var stranger = await ProviderClientAsync(host, await NewProviderAsync(host, ["putuo"], []));
        async Task<bool> ListsAsync(HttpClient client) =>
            (await (await client.GetAsync($"/api/tickets?serviceCode={HealthItem}&pageSize=100")).ReadOkAsync<JsonElement>())
            .GetProperty("items").EnumerateArray().Any(t => t.GetProperty("id").GetString() == ticketId);

        foreach (var who in new[] { Admin, PutuoOfficer, PutuoCaseworker, BaishaStaff, HealthProvider, Hotline })
            Assert.True(await ListsAsync(await host.ClientAsAsync(who)), $"{who} should list the ticket");
        Assert.False(await ListsAsync(await host.ClientAsAsync(DinghaiCaseworker)), "a Dinghai caseworker lists a Putuo ticket");
        Assert.False(await ListsAsync(stranger), "a provider with no work on it lists the ticket");
    }

    [Fact]
    public async Task StationStaff_SeeTheirIslandsTickets_AndOrderWithTheIslandOrTheStation()
    {
        var staff = await host.ClientAsAsync(BaishaStaff);
        var onIsland = await OrderAsync(staff, Order(place: "baisha", channel: "station_proxy"));
        var atStation = await OrderAsync(staff, Order(place: "baisha-station", channel: "station_proxy"));
        var byHotline = await OrderAsync(await host.ClientAsAsync(Hotline), Order(place: "baisha"));
        foreach (var id in new[] { onIsland, atStation, byHotline })
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/tickets/{id}")).StatusCode);

        var elsewhere = await OrderAsync(await host.ClientAsAsync(Hotline), Order(place: "changbai"));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/tickets/{elsewhere}")).StatusCode);
        var order = Order(place: "changbai", channel: "station_proxy");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(order) };
        await (await staff.SendAsync(request)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APlainUserTaskInATicketsWorkflow_IsATaskInTheListsThatMovesTheTicketOn()
    {
        var definition = $"plain-task-{Guid.NewGuid():N}";
        var admin = await host.ClientAsAsync(Admin);
        var json = Document(definition,
            [Activity("start", "Elsa.Start"),
             Activity("check", "CaseHub.UserTask", ("title", "Literal", "核对居民材料"), ("role", "Literal", "Caseworker"), ("outcomes", "Json", "[\"Done\"]")),
             Activity("end", "Elsa.End")],
            [Connect("start", "Done", "check"), Connect("check", "Done", "end")]);
        (await admin.PostAsync("/api/workflows/definitions", Http.Json(json))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/workflows/definitions/{definition}/publish", null)).EnsureSuccessStatusCode();
        var item = await NewLocalItemAsync(host);
        var code = Code(item);
        (await (await host.ClientAsAsync(PutuoOfficer)).PutAsJsonAsync($"/api/catalog/items/{code}/overrides/putuo", new { workflowDefinitionId = definition }))
            .EnsureSuccessStatusCode();

        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(code, form: new { details = "材料齐全" }));
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var task = await FindTaskAsync(caseworker, ticketId, "task");
        Assert.NotNull(task);
        Assert.Equal("核对居民材料", task.Value.GetProperty("title").GetString());
        Assert.Null(await FindTaskAsync(await host.ClientAsAsync(DinghaiCaseworker), ticketId, "task"));

        await DoAsync(caseworker, ticketId, "task", "Done");
        var ticket = await TicketAsync(caseworker, ticketId);
        var instance = await (await admin.GetAsync($"/api/workflows/instances/{ticket.GetProperty("workflowInstanceId").GetString()}")).ReadOkAsync<JsonElement>();
        Assert.Equal("Finished", instance.GetProperty("status").GetString());
        var done = ticket.GetProperty("tasks").EnumerateArray().Single();
        Assert.Equal("Done", done.GetProperty("outcome").GetString());
        Assert.Equal(PutuoCaseworker, done.GetProperty("completedBy").GetString());
    }

    [Fact]
    public async Task AChannelsWorkflowEvent_ResumesOnlyTheInstancesItsOwnOrdersStarted()
    {
        var definition = $"await-arrival-{Guid.NewGuid():N}";
        var eventName = $"arrived-{Guid.NewGuid():N}";
        var admin = await host.ClientAsAsync(Admin);
        (await admin.PostAsync("/api/workflows/definitions", Http.Json(WaitForEvent(definition, "等待到站", eventName)))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/workflows/definitions/{definition}/publish", null)).EnsureSuccessStatusCode();
        var code = Code(await NewLocalItemAsync(host));
        (await (await host.ClientAsAsync(PutuoOfficer)).PutAsJsonAsync($"/api/catalog/items/{code}/overrides/putuo", new { workflowDefinitionId = definition }))
            .EnsureSuccessStatusCode();

        var hotline = await host.ClientAsAsync(Hotline);
        var mine = await OrderAsync(hotline, Order(code, form: new { details = "到站取药" }));
        var theStations = await OrderAsync(await host.ClientAsAsync(BaishaStaff), Order(code, place: "baisha-station", channel: "station_proxy", form: new { details = "到站取药" }));
        var adminRun = await (await admin.PostAsJsonAsync($"/api/workflows/definitions/{definition}/execute", new { input = new { } })).ReadOkAsync<JsonElement>();

        var raised = await (await hotline.PostAsJsonAsync($"/api/workflows/events/{eventName}", new { })).ReadOkAsync<JsonElement>();
        Assert.Equal(1, raised.GetProperty("resumed").GetInt32());
        async Task<string> StatusOfInstanceAsync(string instanceId) =>
            (await (await admin.GetAsync($"/api/workflows/instances/{instanceId}")).ReadOkAsync<JsonElement>()).GetProperty("status").GetString()!;
        async Task<string> InstanceOfAsync(string ticketId) => (await TicketAsync(admin, ticketId)).GetProperty("workflowInstanceId").GetString()!;
        Assert.Equal("Finished", await StatusOfInstanceAsync(await InstanceOfAsync(mine)));
        Assert.Equal("Suspended", await StatusOfInstanceAsync(await InstanceOfAsync(theStations)));
        Assert.Equal("Suspended", await StatusOfInstanceAsync(adminRun.GetProperty("instanceId").GetString()!));

        // The administrator's event reaches the rest.
        Assert.Equal(2, (await (await admin.PostAsJsonAsync($"/api/workflows/events/{eventName}", new { })).ReadOkAsync<JsonElement>()).GetProperty("resumed").GetInt32());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVisibilityFacts(SqliteHost host) : VisibilityFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVisibilityFacts(PostgresHost host) : VisibilityFacts(host);
