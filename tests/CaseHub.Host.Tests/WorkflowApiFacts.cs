using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Definitions;

namespace CaseHub.Host.Tests;

/// <summary>The workflow API of the contract, on SQLite and on PostgreSQL.</summary>
public abstract class WorkflowApiFacts(CaseHubFactory host)
{
    private const string Admin = "admin@casehub.local";

    private Task<HttpClient> AdminAsync() => host.ClientAsAsync(Admin);

    private static string NewId() => $"test-{Guid.NewGuid():N}";

    private static async Task<JsonElement> SaveAsync(HttpClient client, string json)
    {
        var response = await client.PostAsync("/api/workflows/definitions", Http.Json(json));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadOkAsync<JsonElement>();
    }

    private static async Task<JsonElement> ExecuteAsync(HttpClient client, string definitionId, object? body = null, string query = "")
    {
        var response = await client.PostAsJsonAsync($"/api/workflows/definitions/{definitionId}/execute{query}", body ?? new { input = new { } });
        return await response.ReadOkAsync<JsonElement>();
    }

    private static async Task<JsonElement> InstanceAsync(HttpClient client, string id) =>
        await (await client.GetAsync($"/api/workflows/instances/{id}")).ReadOkAsync<JsonElement>();

    [Fact]
    public async Task Activities_ListTheElsaSubsetAndTheUserTaskWithChineseNames()
    {
        var activities = await (await (await AdminAsync()).GetAsync("/api/workflows/activities")).ReadOkAsync<JsonElement>();
        var types = activities.EnumerateArray().ToDictionary(a => a.GetProperty("type").GetString()!);

        foreach (var type in new[] { "Elsa.Start", "Elsa.End", "Elsa.Finish", "Elsa.FlowDecision", "Elsa.FlowSwitch", "Elsa.FlowFork", "Elsa.FlowJoin",
                     "Elsa.SetVariable", "Elsa.WriteLine", "Elsa.Delay", "Elsa.Timer", "Elsa.StartAt", "Elsa.Cron", "Elsa.Event", "Elsa.PublishEvent",
                     "Elsa.RunTask", "Elsa.Correlate", "Elsa.Fault", "Elsa.RunJavaScript", "CaseHub.UserTask" })
            Assert.True(types.ContainsKey(type), type);
        Assert.Equal("汇合", types["Elsa.FlowJoin"].GetProperty("displayName").GetString());
        Assert.Equal(["True", "False"], types["Elsa.FlowDecision"].GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
        var text = types["Elsa.WriteLine"].GetProperty("inputs").EnumerateArray().Single();
        Assert.Equal("text", text.GetProperty("name").GetString());
        Assert.False(text.GetProperty("required").GetBoolean()); // Elsa prints an empty line for an empty WriteLine; validation warns
    }

    [Fact]
    public async Task DefaultWorkflows_ArePublishedAtStart()
    {
        var client = await AdminAsync();
        foreach (var id in new[] { "casehub.direct-dispatch", "casehub.approval-dispatch" })
        {
            var document = await (await client.GetAsync($"/api/workflows/definitions/{id}")).ReadOkAsync<JsonElement>();
            Assert.True(document.GetProperty("isPublished").GetBoolean(), id);
            Assert.Equal("Elsa.Flowchart", document.GetProperty("root").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task SavingAnInvalidDefinition_ReportsEveryProblemWithItsActivity()
    {
        var json = Document(NewId(),
            [Activity("start", "Elsa.Start"), Activity("mystery", "Elsa.Teleport"), Activity("script", "Elsa.FlowDecision", ("condition", "JavaScript", "1 +* 2")),
             Activity("write", "Elsa.Event")],
            [Connect("start", "Done", "script"), Connect("script", "True", "ghost"), Connect("script", "False", "write"), Connect("write", "Done", "mystery")]);

        var response = await (await AdminAsync()).PostAsync("/api/workflows/definitions", Http.Json(json));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var messages = problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => $"{e.Name}: {m.GetString()}")).ToList();
        Assert.Contains(messages, m => m.Contains("[mystery]") && m.Contains("Elsa.Teleport"));
        Assert.Contains(messages, m => m.Contains("ghost"));
        Assert.Contains(messages, m => m.Contains("[script]") && m.Contains("condition"));
        Assert.Contains(messages, m => m.Contains("[write]") && m.Contains("eventName"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"root\": {\"id\": \"r\"}}")]
    [InlineData("[]")]
    public async Task SavingSomethingThatIsNotAnElsaDocument_Returns400(string body)
    {
        var response = await (await AdminAsync()).PostAsync("/api/workflows/definitions", Http.Json(body));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DraftPublishExecuteAndEvent_RunAnInstanceToTheEnd()
    {
        var client = await AdminAsync();
        var id = NewId();
        var saved = await SaveAsync(client, WaitForEvent(id, "你好，白沙岛", "visited"));
        Assert.Equal(id, saved.GetProperty("definitionId").GetString());
        Assert.Equal(1, saved.GetProperty("version").GetInt32());
        Assert.False(saved.GetProperty("isPublished").GetBoolean());

        var unpublished = await client.PostAsJsonAsync($"/api/workflows/definitions/{id}/execute", new { input = new { } });
        await unpublished.AssertProblemAsync(HttpStatusCode.NotFound);
        var draftRun = await ExecuteAsync(client, id, query: "?version=1");
        Assert.Equal("Suspended", draftRun.GetProperty("status").GetString());

        var published = await (await client.PostAsync($"/api/workflows/definitions/{id}/publish", null)).ReadOkAsync<JsonElement>();
        Assert.True(published.GetProperty("isPublished").GetBoolean());

        var run = await ExecuteAsync(client, id, new { input = new { }, correlationId = "ZS-20261122-000001" });
        Assert.Equal("Suspended", run.GetProperty("status").GetString());
        Assert.Equal(["你好，白沙岛"], run.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        var instanceId = run.GetProperty("instanceId").GetString()!;
        var waiting = await InstanceAsync(client, instanceId);
        Assert.Equal("Event", waiting.GetProperty("bookmarks")[0].GetProperty("kind").GetString());

        var raised = await (await client.PostAsJsonAsync("/api/workflows/events/visited", new { correlationId = "ZS-20261122-000001" })).ReadOkAsync<JsonElement>();
        Assert.Equal(1, raised.GetProperty("resumed").GetInt32());

        var finished = await InstanceAsync(client, instanceId);
        Assert.Equal("Finished", finished.GetProperty("status").GetString());
        Assert.Empty(finished.GetProperty("bookmarks").EnumerateArray());
        Assert.Equal(["start", "write", "wait", "wait", "end"],
            finished.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("activityId").GetString()));
        Assert.Equal("Suspended", finished.GetProperty("journal")[2].GetProperty("outcome").GetString());

        // The draft run waits for the same event without the correlation id; only it remains.
        var rest = await (await client.PostAsJsonAsync("/api/workflows/events/visited", new { })).ReadOkAsync<JsonElement>();
        Assert.Equal(1, rest.GetProperty("resumed").GetInt32());
    }

    [Fact]
    public async Task RunningInstances_StayOnTheirVersionWhenANewOneIsPublished()
    {
        var client = await AdminAsync();
        var id = NewId();
        await SaveAsync(client, WaitForEvent(id, "第一版", $"{id}-go"));
        await client.PostAsync($"/api/workflows/definitions/{id}/publish", null);
        var first = (await ExecuteAsync(client, id)).GetProperty("instanceId").GetString()!;

        var second = await SaveAsync(client, WaitForEvent(id, "第二版", $"{id}-go"));
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        await client.PostAsync($"/api/workflows/definitions/{id}/publish", null);
        var later = await ExecuteAsync(client, id);
        Assert.Equal(["第二版"], later.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));

        var resumed = await (await client.PostAsJsonAsync($"/api/workflows/events/{id}-go", new { })).ReadOkAsync<JsonElement>();
        Assert.Equal(2, resumed.GetProperty("resumed").GetInt32());
        var old = await InstanceAsync(client, first);
        Assert.Equal(1, old.GetProperty("version").GetInt32());
        Assert.Equal("Finished", old.GetProperty("status").GetString());
        Assert.Equal(["第一版"], old.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));

        var v1 = await (await client.GetAsync($"/api/workflows/definitions/{id}?version=1")).ReadOkAsync<JsonElement>();
        Assert.False(v1.GetProperty("isPublished").GetBoolean());
        Assert.Equal("kept", v1.GetProperty("studioExtra").GetString());
        var write = v1.GetProperty("root").GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "write");
        Assert.Equal(120, write.GetProperty("metadata").GetProperty("designer").GetProperty("position").GetProperty("x").GetInt32());
        Assert.Equal("kept", write.GetProperty("customProperties").GetProperty("note").GetString());
    }

    [Fact]
    public async Task CancellingAnInstance_ClosesItsBookmarksAndCannotBeRepeated()
    {
        var client = await AdminAsync();
        var id = NewId();
        await SaveAsync(client, WaitForEvent(id, "等待", $"{id}-go"));
        await client.PostAsync($"/api/workflows/definitions/{id}/publish", null);
        var instanceId = (await ExecuteAsync(client, id)).GetProperty("instanceId").GetString()!;

        var cancelled = await (await client.PostAsync($"/api/workflows/instances/{instanceId}/cancel", null)).ReadOkAsync<JsonElement>();

        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Empty((await InstanceAsync(client, instanceId)).GetProperty("bookmarks").EnumerateArray());
        var raised = await (await client.PostAsJsonAsync($"/api/workflows/events/{id}-go", new { })).ReadOkAsync<JsonElement>();
        Assert.Equal(0, raised.GetProperty("resumed").GetInt32());
        await (await client.PostAsync($"/api/workflows/instances/{instanceId}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await client.PostAsync("/api/workflows/instances/nope/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AScriptThatNeverEnds_FaultsOnlyItsInstance()
    {
        var client = await AdminAsync();
        var id = NewId();
        await SaveAsync(client, Document(id, [Activity("spin", "Elsa.RunJavaScript", ("script", "Literal", "while(true){}"))], []));
        await client.PostAsync($"/api/workflows/definitions/{id}/publish", null);

        var run = await ExecuteAsync(client, id);

        Assert.Equal("Faulted", run.GetProperty("status").GetString());
        Assert.Contains("spin", run.GetProperty("incident").GetString());
        var journal = (await InstanceAsync(client, run.GetProperty("instanceId").GetString()!)).GetProperty("journal");
        Assert.False(string.IsNullOrEmpty(journal[0].GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task WorkflowAdministration_IsForAdministratorsOnly()
    {
        var caseworker = await host.ClientAsAsync("putuo.caseworker@casehub.local");
        await (await caseworker.PostAsync("/api/workflows/definitions", Http.Json(WaitForEvent(NewId(), "x", "y")))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await caseworker.PostAsJsonAsync("/api/workflows/events/anything", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var channel = await host.ClientAsAsync("hotline@casehub.local");
        Assert.Equal(HttpStatusCode.OK, (await channel.PostAsJsonAsync("/api/workflows/events/nobody-waits", new { })).StatusCode);
    }

    [Fact]
    public async Task UnknownDefinitionOrInstance_Returns404()
    {
        var client = await AdminAsync();
        await (await client.GetAsync("/api/workflows/definitions/nope")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync("/api/workflows/definitions/nope/publish", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/workflows/instances/nope")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWorkflowApiFacts(SqliteHost host) : WorkflowApiFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkflowApiFacts(PostgresHost host) : WorkflowApiFacts(host);
