using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Host.Tests.Infrastructure;
using CaseHub.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Definitions;

namespace CaseHub.Host.Tests;

/// <summary>
/// Workflows used as activities and Elsa.ExecuteWorkflow over HTTP, on SQLite and PostgreSQL: the registry lists a published
/// definition marked usable as an activity, a parent using it saves, runs, waits inside the child and resumes through the event API.
/// Mirrors elsa-core's test/integration/Elsa.Workflows.IntegrationTests/Scenarios/WorkflowDefinitionActivities/Tests.cs and
/// test/integration/Elsa.Workflows.IntegrationTests/Activities/ExecuteWorkflow/ExecuteWorkflowTests.cs, with the persistence in between.
/// </summary>
public abstract class WorkflowCompositionFacts(CaseHubFactory host)
{
    private Task<HttpClient> AdminAsync() => host.ClientAsAsync("admin@casehub.local");

    private static string NewId() => $"test-{Guid.NewGuid():N}";

    private static JsonObject Child(string id, string name, bool usableAsActivity, JsonObject[] activities, JsonObject[] connections)
    {
        var json = JsonNode.Parse(Document(id, activities, connections))!.AsObject();
        json["name"] = name;
        json["inputs"] = new JsonArray(new JsonObject { ["name"] = "Ticket", ["type"] = "String", ["displayName"] = "工单" });
        json["outputs"] = new JsonArray(new JsonObject { ["name"] = "Provider", ["type"] = "String", ["displayName"] = "服务商" });
        json["options"] = new JsonObject { ["usableAsActivity"] = usableAsActivity };
        return json;
    }

    private static async Task SavePublishAsync(HttpClient client, string id, string json)
    {
        var saved = await client.PostAsync("/api/workflows/definitions", Http.Json(json));
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/workflows/definitions/{id}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task APublishedUsableDefinition_IsInTheRegistry_AndAParentWaitsInsideItAndResumes()
    {
        var client = await AdminAsync();
        var childId = NewId();
        // The type is the name in PascalCase; "x" keeps the hex suffix from being capitalised.
        var name = $"Dispatch Piece x{childId[^6..]}";
        var type = $"DispatchPieceX{childId[^6..]}";
        await SavePublishAsync(client, childId, Child(childId, name, usableAsActivity: true,
            [Activity("write", "Elsa.WriteLine", ("text", "JavaScript", "`派单 ${getTicket()}`")), Activity("wait", "Elsa.Event", ("eventName", "Literal", $"{childId}-accepted")),
             Activity("set", "Elsa.SetOutput", ("outputName", "Literal", "Provider"), ("outputValue", "Literal", "海岛维修"))],
            [Connect("write", "Done", "wait"), Connect("wait", "Done", "set")]).ToJsonString());

        var registry = await (await client.GetAsync("/api/workflows/activities")).ReadOkAsync<JsonElement>();
        var listed = registry.EnumerateArray().Single(a => a.GetProperty("type").GetString() == type);
        Assert.Equal("ticket", listed.GetProperty("inputs").EnumerateArray().Single().GetProperty("name").GetString());
        Assert.Equal(["Provider"], listed.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));

        var parentId = NewId();
        var use = Activity("piece", type, ("ticket", "Literal", "ZS-1"));
        use["name"] = "Piece";
        await SavePublishAsync(client, parentId, Document(parentId,
            [Activity("start", "Elsa.Start"), use, Activity("after", "Elsa.WriteLine", ("text", "JavaScript", "`由 ${getProviderFromPiece()} 处理`"))],
            [Connect("start", "Done", "piece"), Connect("piece", "Done", "after")]));

        var started = await (await client.PostAsJsonAsync($"/api/workflows/definitions/{parentId}/execute", new { input = new { } })).ReadOkAsync<JsonElement>();
        Assert.Equal("Suspended", started.GetProperty("status").GetString());
        Assert.Equal(["派单 ZS-1"], started.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        var instanceId = started.GetProperty("instanceId").GetString()!;

        var resumed = await (await client.PostAsJsonAsync($"/api/workflows/events/{childId}-accepted", new { })).ReadOkAsync<JsonElement>();
        Assert.Equal(1, resumed.GetProperty("resumed").GetInt32());

        var instance = await (await client.GetAsync($"/api/workflows/instances/{instanceId}")).ReadOkAsync<JsonElement>();
        Assert.Equal("Finished", instance.GetProperty("status").GetString());
        Assert.Equal(["派单 ZS-1", "由 海岛维修 处理"], instance.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("piece/wait", instance.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("activityId").GetString()));
    }

    [Fact]
    public async Task ADefinitionNotMarkedUsable_IsNotInTheRegistry_AndAParentNamingItIsRefusedWithTheActivity()
    {
        var client = await AdminAsync();
        var childId = NewId();
        var name = $"Internal X{childId[^6..]}";
        await SavePublishAsync(client, childId, Child(childId, name, usableAsActivity: false, [Activity("write", "Elsa.WriteLine", ("text", "Literal", "x"))], []).ToJsonString());

        var registry = await (await client.GetAsync("/api/workflows/activities")).ReadOkAsync<JsonElement>();
        Assert.DoesNotContain(registry.EnumerateArray(), a => a.GetProperty("type").GetString() == $"InternalX{childId[^6..]}");

        var refused = await client.PostAsync("/api/workflows/definitions", Http.Json(Document(NewId(), [Activity("piece", $"InternalX{childId[^6..]}")], [])));
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("activities[piece].type", out _), problem.ToString());
    }

    [Fact]
    public async Task ANodeNamingAPublishedDefinitionByItsId_RunsIt_EvenWhenItIsNotMarkedUsable()
    {
        // elsa-core's WorkflowDefinitionActivities/parent-version-fallback.json names child-published.json, which sets no usableAsActivity.
        var client = await AdminAsync();
        var childId = NewId();
        await SavePublishAsync(client, childId, Child(childId, $"Hidden X{childId[^6..]}", usableAsActivity: false,
            [Activity("write", "Elsa.WriteLine", ("text", "JavaScript", "`子流程 ${getTicket()}`"))], []).ToJsonString());
        var parentId = NewId();
        var use = Activity("piece", $"HiddenX{childId[^6..]}", ("ticket", "Literal", "ZS-9"));
        use["workflowDefinitionId"] = childId;
        await SavePublishAsync(client, parentId, Document(parentId, [use], []));

        var run = await (await client.PostAsJsonAsync($"/api/workflows/definitions/{parentId}/execute", new { input = new { } })).ReadOkAsync<JsonElement>();

        Assert.Equal("Finished", run.GetProperty("status").GetString());
        Assert.Equal(["子流程 ZS-9"], run.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task ExecuteWorkflowWithoutWaiting_StartsTheChildAsItsOwnInstanceOnceTheOutboxIsDelivered()
    {
        var client = await AdminAsync();
        var childId = NewId();
        await SavePublishAsync(client, childId, WaitForEvent(childId, "子流程运行", $"{childId}-never"));
        var parentId = NewId();
        await SavePublishAsync(client, parentId, Document(parentId,
            [Activity("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", childId), ("waitForCompletion", "Literal", "false"), ("correlationId", "Literal", parentId))],
            []));

        var parent = await (await client.PostAsJsonAsync($"/api/workflows/definitions/{parentId}/execute", new { input = new { } })).ReadOkAsync<JsonElement>();
        Assert.Equal("Finished", parent.GetProperty("status").GetString());

        // The host's own Hangfire worker may deliver the message first; either way the child instance appears, once.
        CaseHub.Workflows.Persistence.WorkflowInstanceRecord[] children = [];
        for (var attempt = 0; attempt < 50 && children.Length == 0; attempt++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WorkflowOutbox>().DispatchPendingAsync();
            children = [.. scope.ServiceProvider.GetRequiredService<CaseHub.Workflows.Persistence.WorkflowDb>().Instances.Where(i => i.DefinitionId == childId)];
            if (children.Length == 0) await Task.Delay(200);
        }
        var child = Assert.Single(children);
        Assert.Equal((WorkflowStatus.Suspended, parentId), (child.Status, child.CorrelationId));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWorkflowCompositionFacts(SqliteHost host) : WorkflowCompositionFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkflowCompositionFacts(PostgresHost host) : WorkflowCompositionFacts(host);
