using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Definitions;

namespace CaseHub.Host.Tests;

/// <summary>
/// Elsa.HttpEndpoint and Elsa.WriteHttpResponse over real HTTP, on SQLite and PostgreSQL. Mirrors elsa-core's
/// test/component/Elsa.Workflows.ComponentTests/Scenarios/HttpWorkflows/: HttpHelloWorldTests.cs (a request to the trigger's path
/// starts the workflow and WriteHttpResponse answers it), RouteDataTests.cs (route values as outputs) and
/// ResumeSpecificHttpWorkflowInstanceTests.cs (a waiting instance is resumed by the request). That only signed-in Channel or
/// Administrator callers reach an endpoint is CaseHub's rule.
/// </summary>
public abstract class WorkflowHttpFacts(CaseHubFactory host)
{
    private Task<HttpClient> AdminAsync() => host.ClientAsAsync("admin@casehub.local");

    private static string NewId() => $"test-{Guid.NewGuid():N}";

    private static JsonObject Endpoint(string id, string path, string methods, bool trigger)
    {
        var endpoint = Activity(id, "Elsa.HttpEndpoint", ("path", "Literal", path));
        endpoint["name"] = "Receive";
        endpoint["supportedMethods"] = new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = methods } };
        if (trigger) endpoint["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return endpoint;
    }

    private static async Task PublishAsync(HttpClient client, string id, string json)
    {
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/workflows/definitions", Http.Json(json))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/workflows/definitions/{id}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task ARequestToATriggerPath_StartsTheWorkflow_WhichReadsBodyQueryAndRoute_AndAnswersIt()
    {
        var admin = await AdminAsync();
        var id = NewId();
        await PublishAsync(admin, id, Document(id,
            [Endpoint("receive", $"{id}/orders/{{number}}", "[\"POST\"]", trigger: true),
             Activity("answer", "Elsa.WriteHttpResponse", ("statusCode", "Literal", "Created"),
                 ("content", "JavaScript", "({ number: getRouteDataFromReceive().number, item: getParsedContentFromReceive().item, urgent: getQueryStringDataFromReceive().urgent })"))],
            [Connect("receive", "Done", "answer")]));

        var channel = await host.ClientAsAsync("hotline@casehub.local");
        var response = await channel.PostAsync($"/workflows/{id}/orders/ZS-42?urgent=yes", new StringContent("{\"item\":\"轮椅\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("ZS-42", "轮椅", "yes"), (body.GetProperty("number").GetString(), body.GetProperty("item").GetString(), body.GetProperty("urgent").GetString()));
        // A GET is not one of its methods.
        Assert.Equal(HttpStatusCode.NotFound, (await channel.GetAsync($"/workflows/{id}/orders/ZS-42")).StatusCode);
    }

    [Fact]
    public async Task AnInstanceWaitingAtAnEndpoint_IsResumedByTheRequest_AndWithoutAResponseTheCallerLearnsWhichInstances()
    {
        var admin = await AdminAsync();
        var id = NewId();
        await PublishAsync(admin, id, Document(id,
            [Activity("start", "Elsa.Start"), Endpoint("confirm", $"{id}/confirm", "[\"POST\"]", trigger: false),
             Activity("write", "Elsa.WriteLine", ("text", "JavaScript", "`确认 ${getParsedContentFromReceive()}`"))],
            [Connect("start", "Done", "confirm"), Connect("confirm", "Done", "write")]));
        var started = await (await admin.PostAsJsonAsync($"/api/workflows/definitions/{id}/execute", new { input = new { } })).ReadOkAsync<JsonElement>();
        Assert.Equal("Suspended", started.GetProperty("status").GetString());
        var instanceId = started.GetProperty("instanceId").GetString();

        var response = await admin.PostAsync($"/workflows/{id}/confirm", new StringContent("已到达", Encoding.UTF8, "text/plain"));

        var body = await response.ReadOkAsync<JsonElement>();
        var reached = Assert.Single(body.GetProperty("instances").EnumerateArray());
        Assert.Equal((instanceId, "Finished"), (reached.GetProperty("id").GetString(), reached.GetProperty("status").GetString()));
        var instance = await (await admin.GetAsync($"/api/workflows/instances/{instanceId}")).ReadOkAsync<JsonElement>();
        Assert.Equal(["确认 已到达"], instance.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task AnEndpoint_RefusesAnonymousAndOtherRoles_AndAnUnreadableBodyIsA400NamingTheBody()
    {
        var id = NewId();
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().PostAsync($"/workflows/{id}", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        var caseworker = await host.ClientAsAsync("putuo.caseworker@casehub.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.PostAsync($"/workflows/{id}", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);

        var channel = await host.ClientAsAsync("hotline@casehub.local");
        var bad = await channel.PostAsync($"/workflows/{id}", new StringContent("{ not json", Encoding.UTF8, "application/json"));
        var problem = await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _), problem.ToString());
        await (await channel.GetAsync($"/workflows/{id}/nobody")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWorkflowHttpFacts(SqliteHost host) : WorkflowHttpFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkflowHttpFacts(PostgresHost host) : WorkflowHttpFacts(host);
