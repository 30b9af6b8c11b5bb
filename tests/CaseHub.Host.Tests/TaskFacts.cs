using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Cases;
using static CaseHub.Host.Tests.Infrastructure.CaseSetup;

namespace CaseHub.Host.Tests;

/// <summary><c>GET /api/tasks</c> and <c>POST /api/tasks/{id}/complete</c>: bad input, conflicts and who sees which task.</summary>
public abstract class TaskFacts(CaseHubFactory host)
{
    private const string MealDelivery = "eldercare.meal_delivery";

    private async Task<(string TicketId, string TaskId)> DispatchedAsync()
    {
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order());
        return (ticketId, await TaskIdAsync(await host.ClientAsAsync(HealthProvider), ticketId, "dispatch"));
    }

    [Fact]
    public async Task AnUnknownOutcome_Returns400NamingOutcome_AndChangesNothing()
    {
        var provider = await host.ClientAsAsync(HealthProvider);
        var (ticketId, taskId) = await DispatchedAsync();
        var before = await TicketAsync(provider, ticketId);

        foreach (var outcome in new[] { "Approved", "accept", "", "Accept,Decline" })
        {
            var errors = await ErrorsOf(await CompleteAsync(provider, taskId, outcome));
            Assert.True(errors.TryGetProperty("outcome", out _), $"'{outcome}': {errors}");
        }
        var missing = await ErrorsOf(await provider.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { comment = "没有结果" }));
        Assert.True(missing.TryGetProperty("outcome", out _), missing.ToString());

        var after = await TicketAsync(provider, ticketId);
        Assert.Equal("Dispatched", Status(after));
        Assert.Equal(EventTypes(before), EventTypes(after));
        Assert.Equal(taskId, await TaskIdAsync(provider, ticketId, "dispatch"));
        Assert.True(OpenTasks(after).Single().GetProperty("id").GetString() == taskId);
    }

    [Fact]
    public async Task TaskDataOver16KiB_Returns400NamingData_AndTheTaskStaysOpen()
    {
        var provider = await host.ClientAsAsync(HealthProvider);
        var (ticketId, taskId) = await DispatchedAsync();
        var response = await provider.PostAsJsonAsync($"/api/tasks/{taskId}/complete",
            new { outcome = "Accept", data = new { notes = new string('长', 6000) } });
        var errors = await ErrorsOf(response);
        Assert.True(errors.TryGetProperty("data", out _), errors.ToString());
        Assert.Equal("Dispatched", Status(await TicketAsync(provider, ticketId)));
        Assert.Equal(taskId, await TaskIdAsync(provider, ticketId, "dispatch"));
    }

    [Fact]
    public async Task CompletingTwice_Returns409()
    {
        var provider = await host.ClientAsAsync(HealthProvider);
        var (ticketId, taskId) = await DispatchedAsync();
        Assert.Equal(HttpStatusCode.OK, (await CompleteAsync(provider, taskId, "Accept")).StatusCode);
        await (await CompleteAsync(provider, taskId, "Accept")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await CompleteAsync(provider, taskId, "Decline", comment: "改主意了")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("InService", Status(await TicketAsync(provider, ticketId)));
    }

    [Fact]
    public async Task TwoCompletionsAtOnce_OneWinsAndTheOtherGets409()
    {
        var provider = await host.ClientAsAsync(HealthProvider);
        var (ticketId, taskId) = await DispatchedAsync();
        var responses = await Task.WhenAll(CompleteAsync(provider, taskId, "Accept"), CompleteAsync(provider, taskId, "Decline", comment: "没空"));
        var codes = responses.Select(r => (int)r.StatusCode).Order().ToList();
        Assert.True(codes.SequenceEqual([200, 409]), $"Expected one 200 and one 409, got {string.Join(", ", codes)}: "
            + string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
        // Read as the county: a provider sees only its own tasks, and a won decline may re-dispatch the
        // ticket to another contracted provider (other facts add some to the shared database).
        var ticket = await TicketAsync(await host.ClientAsAsync(PutuoCaseworker), ticketId);
        Assert.Contains(Status(ticket), new[] { "InService", "Dispatched", "AwaitingAssignment" });
        Assert.Single(OpenTasks(ticket));
    }

    [Fact]
    public async Task ATaskOfAnotherRole_Returns403()
    {
        var (ticketId, taskId) = await DispatchedAsync();
        // Everyone here can see the ticket's place (白沙岛); none of them is the provider the task is for.
        foreach (var email in new[] { PutuoCaseworker, PutuoOfficer, Admin })
            await (await CompleteAsync(await host.ClientAsAsync(email), taskId, "Accept")).AssertProblemAsync(HttpStatusCode.Forbidden);

        // For a provider user of another organisation the task does not exist.
        var other = await NewProviderAsync(host, ["putuo"], []);
        await (await CompleteAsync(await ProviderClientAsync(host, other), taskId, "Accept")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Dispatched", Status(await TicketAsync(await host.ClientAsAsync(PutuoOfficer), ticketId)));
        Assert.Null(await FindTaskAsync(await ProviderClientAsync(host, other), ticketId, "dispatch"));
    }

    [Fact]
    public async Task ACaseworkerOfAnotherCounty_NeitherSeesNorCompletesPutuoTasks()
    {
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(MealDelivery));
        var putuo = await host.ClientAsAsync(PutuoCaseworker);
        var taskId = await TaskIdAsync(putuo, ticketId, "approval");

        var dinghai = await host.ClientAsAsync(DinghaiCaseworker);
        var tasks = await (await dinghai.GetAsync("/api/tasks")).ReadOkAsync<List<JsonElement>>();
        Assert.DoesNotContain(tasks, t => t.GetProperty("ticketId").GetString() == ticketId);
        // Nothing on its list lies in 普陀区's subtree.
        var places = await (await (await host.ClientAsAsync(Admin)).GetAsync("/api/jurisdictions")).ReadOkAsync<List<JsonElement>>();
        var putuoSubtree = new HashSet<string> { "putuo" };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var j in places)
                if (j.GetProperty("parentId").GetString() is { } parent && putuoSubtree.Contains(parent))
                    grew |= putuoSubtree.Add(j.GetProperty("id").GetString()!);
        }
        Assert.Contains("baisha-station", putuoSubtree);
        Assert.DoesNotContain(tasks, t => putuoSubtree.Contains(t.GetProperty("jurisdictionId").GetString()!));

        await (await CompleteAsync(dinghai, taskId, "Approved")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("PendingApproval", Status(await TicketAsync(putuo, ticketId)));
        Assert.Equal(taskId, await TaskIdAsync(putuo, ticketId, "approval"));
    }

    [Fact]
    public async Task AnUnknownTaskId_Returns404()
    {
        var officer = await host.ClientAsAsync(PutuoOfficer);
        await (await CompleteAsync(officer, Guid.NewGuid().ToString("N"), "Approved")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await CompleteAsync(officer, "no-such-task", "Approved")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ABodyOverOneMebibyte_Returns413()
    {
        var provider = await host.ClientAsAsync(HealthProvider);
        var (ticketId, taskId) = await DispatchedAsync();
        var huge = "{\"outcome\":\"Accept\",\"comment\":\"" + new string('x', 1024 * 1024) + "\"}";
        var response = await provider.PostAsync($"/api/tasks/{taskId}/complete", Http.Json(huge));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Dispatched", Status(await TicketAsync(provider, ticketId)));
    }

    [Fact]
    public async Task DataThatIsNotAnObject_Returns400NamingData()
    {
        var provider = await host.ClientAsAsync(HealthProvider);
        var (ticketId, taskId) = await DispatchedAsync();
        foreach (var data in new[] { "[1,2]", "\"text\"", "42", "true" })
        {
            var response = await provider.PostAsync($"/api/tasks/{taskId}/complete", Http.Json($$"""{"outcome":"Accept","data":{{data}}}"""));
            var errors = await ErrorsOf(response);
            Assert.True(errors.TryGetProperty("data", out _), $"{data}: {errors}");
        }
        var tooLong = await ErrorsOf(await CompleteAsync(provider, taskId, "Accept", comment: new string('长', 2001)));
        Assert.True(tooLong.TryGetProperty("comment", out _), tooLong.ToString());
        var malformed = await provider.PostAsync($"/api/tasks/{taskId}/complete", Http.Json("""{"outcome":"Accept","""));
        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Dispatched", Status(await TicketAsync(provider, ticketId)));
    }

    [Fact]
    public async Task WithoutAToken_TheTaskRoutesAnswer401()
    {
        var (ticketId, taskId) = await DispatchedAsync();
        var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CompleteAsync(anonymous, taskId, "Accept")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await CompleteAsync(anonymous, taskId, "Accept")).StatusCode);
        Assert.Equal("Dispatched", Status(await TicketAsync(await host.ClientAsAsync(HealthProvider), ticketId)));
    }

    [Fact]
    public async Task TheTaskList_PagesWithATotal_AndThePlainListSaysHowManyThereAre()
    {
        var provider = await host.ClientAsAsync(HealthProvider);
        var (_, first) = await DispatchedAsync();
        var (_, second) = await DispatchedAsync();

        var seen = new List<string>();
        var total = -1;
        for (var page = 1; total < 0 || seen.Count < total; page++)
        {
            var body = await (await provider.GetAsync($"/api/tasks?page={page}&pageSize=2")).ReadOkAsync<JsonElement>();
            total = body.GetProperty("total").GetInt32();
            var items = body.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items);
        }
        Assert.True(total >= 2, $"total {total}");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Contains(first, seen);
        Assert.Contains(second, seen);

        var plain = await provider.GetAsync("/api/tasks");
        Assert.Equal(total.ToString(), plain.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(Math.Min(total, 500), (await plain.ReadOkAsync<List<JsonElement>>()).Count);
        foreach (var bad in new[] { "page=0", "pageSize=0", "pageSize=501" })
        {
            var errors = await ErrorsOf(await provider.GetAsync($"/api/tasks?{bad}"));
            Assert.True(errors.TryGetProperty(bad.Split('=')[0], out _), $"{bad}: {errors}");
        }
    }

    [Fact]
    public async Task TheTaskList_HasTheContractShape_AndOnlyTheCallersRole()
    {
        var (ticketId, taskId) = await DispatchedAsync();
        var tasks = await (await (await host.ClientAsAsync(HealthProvider)).GetAsync("/api/tasks")).ReadOkAsync<List<JsonElement>>();
        var task = tasks.Single(t => t.GetProperty("id").GetString() == taskId);
        Assert.Equal(ticketId, task.GetProperty("ticketId").GetString());
        Assert.Equal("dispatch", task.GetProperty("kind").GetString());
        Assert.Equal(["Accept", "Decline"], Outcomes(task));
        Assert.True(task.TryGetProperty("dueAt", out _));
        foreach (var email in new[] { PutuoCaseworker, PutuoOfficer, BaishaStaff })
            Assert.Null(await FindTaskAsync(await host.ClientAsAsync(email), ticketId, "dispatch"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTaskFacts(SqliteHost host) : TaskFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTaskFacts(PostgresHost host) : TaskFacts(host);
