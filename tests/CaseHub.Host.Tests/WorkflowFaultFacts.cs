using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Cases;
using static CaseHub.Host.Tests.Infrastructure.CaseSetup;
using static CaseHub.Host.Tests.Infrastructure.Definitions;

namespace CaseHub.Host.Tests;

/// <summary>
/// Faults through the HTTP API: a task completion whose workflow then faults says so, commits the fault and not
/// the failing activity's half-done work, puts the incident on the ticket's timeline, and an administrator's
/// retry after a fix carries the ticket on from the activity that faulted.
/// </summary>
public abstract class WorkflowFaultFacts(CaseHubFactory host)
{
    private const string Broken = "throw new Error('规则脚本错误 / rule script failed');";

    [Fact]
    public async Task ATaskCompletionWhoseScriptThrows_AnswersFaulted_AndARetryAfterTheFixFinishesTheTicket()
    {
        var admin = await host.ClientAsAsync(Admin);
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var definitionId = $"fault-{Guid.NewGuid():N}";
        await PublishAsync(admin, ApproveThenScript(definitionId, Broken));
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(await NewItemAsync(definitionId)));
        Assert.Equal("PendingApproval", Status(await TicketAsync(caseworker, ticketId)));

        var response = await CompleteAsync(caseworker, await TaskIdAsync(caseworker, ticketId, "approval"), "Approved", comment: "同意");
        var completed = await response.ReadOkAsync<JsonElement>();
        Assert.Equal("Faulted", completed.GetProperty("workflowStatus").GetString());
        Assert.Equal("PendingApproval", completed.GetProperty("ticketStatus").GetString());

        // The approval (the activity before the fault) stands; nothing after it ran, and the timeline says why.
        var ticket = await TicketAsync(caseworker, ticketId);
        Assert.Equal("PendingApproval", Status(ticket));
        Assert.Single(Events(ticket, "approval"));
        Assert.DoesNotContain(Events(ticket, "status_changed"), e => e.GetProperty("data").GetProperty("to").GetString() == "Dispatched");
        Assert.Empty(OpenTasks(ticket));
        var faulted = Assert.Single(Events(ticket, "workflow.faulted")).GetProperty("data");
        Assert.Equal("check", faulted.GetProperty("activityId").GetString());
        Assert.Equal("Elsa.RunJavaScript", faulted.GetProperty("activityType").GetString());
        Assert.Contains("rule script failed", faulted.GetProperty("message").GetString());

        var instanceId = ticket.GetProperty("workflowInstanceId").GetString()!;
        var instance = await (await admin.GetAsync($"/api/workflows/instances/{instanceId}")).ReadOkAsync<JsonElement>();
        Assert.Equal("Faulted", instance.GetProperty("status").GetString());
        var incident = instance.GetProperty("incident");
        Assert.Equal("check", incident.GetProperty("activityId").GetString());
        Assert.Contains("rule script failed", incident.GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(incident.GetProperty("exceptionType").GetString()), incident.ToString());
        Assert.Contains(" at ", incident.GetProperty("stack").GetString());
        Assert.Contains(instance.GetProperty("journal").EnumerateArray(),
            j => j.GetProperty("activityId").GetString() == "check" && j.GetProperty("outcome").GetString() == "Faulted");

        // The fix keeps the activity's id, so the retry moves the instance to it and runs the fixed script.
        await PublishAsync(admin, ApproveThenScript(definitionId, "var checkedAt = 'now';"));
        var retried = await (await admin.PostAsync($"/api/workflows/instances/{instanceId}/retry", null)).ReadOkAsync<JsonElement>();
        Assert.Equal("Finished", retried.GetProperty("status").GetString());

        ticket = await TicketAsync(caseworker, ticketId);
        Assert.Equal("Closed", Status(ticket));
        Assert.Single(Events(ticket, "workflow.faulted"));
        Assert.Equal(Admin, Assert.Single(Events(ticket, "workflow.retried")).GetProperty("actor").GetString());
        instance = await (await admin.GetAsync($"/api/workflows/instances/{instanceId}")).ReadOkAsync<JsonElement>();
        Assert.Equal(2, instance.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, instance.GetProperty("incident").ValueKind);
        Assert.True(await host.SealedAuditAsync(q => Task.FromResult(q.Any(a => a.Action == "workflow.retry" && a.EntityId == instanceId && a.Actor == Admin))));

        // Finished now: a second retry is refused.
        await (await admin.PostAsync($"/api/workflows/instances/{instanceId}/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ACaseActivityThatThrowsAfterMovingTheTicket_LeavesNoPartialRows()
    {
        var admin = await host.ClientAsAsync(Admin);
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var definitionId = $"fault-{Guid.NewGuid():N}";
        // Dispatch picks the provider and moves the ticket to Dispatched before it evaluates its title: the title script throws.
        await PublishAsync(admin, ApproveThenDispatch(definitionId, ("title", "JavaScript", Broken)));
        var code = await NewItemAsync(definitionId);
        var team = await NewProviderAsync(host, ["baisha"], [code]);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(code));

        var completed = await (await CompleteAsync(caseworker, await TaskIdAsync(caseworker, ticketId, "approval"), "Approved")).ReadOkAsync<JsonElement>();
        Assert.Equal("Faulted", completed.GetProperty("workflowStatus").GetString());

        var ticket = await TicketAsync(caseworker, ticketId);
        Assert.Equal("PendingApproval", Status(ticket));
        Assert.Null(ProviderOf(ticket));
        Assert.DoesNotContain(Events(ticket, "status_changed"), e => e.GetProperty("data").GetProperty("to").GetString() == "Dispatched");
        Assert.DoesNotContain(ticket.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("kind").GetString() == "dispatch");
        Assert.Equal("dispatch", Assert.Single(Events(ticket, "workflow.faulted")).GetProperty("data").GetProperty("activityId").GetString());
        Assert.False(await host.SealedAuditAsync(q => Task.FromResult(q.Any(a => a.Action == "ticket.status" && a.EntityId == ticketId && a.Data!.Contains("Dispatched")))));

        // Retried unchanged (nothing newer is published), it faults again, on the same version, with a second incident on the timeline.
        var instanceId = ticket.GetProperty("workflowInstanceId").GetString()!;
        var again = await (await admin.PostAsync($"/api/workflows/instances/{instanceId}/retry", null)).ReadOkAsync<JsonElement>();
        Assert.Equal("Faulted", again.GetProperty("status").GetString());
        ticket = await TicketAsync(caseworker, ticketId);
        Assert.Equal(2, Events(ticket, "workflow.faulted").Count);
        Assert.Null(ProviderOf(ticket));

        // A fix that renames the activity cannot take the instance over: the retry stays on version 1 and faults there.
        await PublishAsync(admin, ApproveThenDispatch(definitionId, ("title", "Literal", "接单确认"), dispatchId: "dispatch2"));
        Assert.Equal("Faulted", (await (await admin.PostAsync($"/api/workflows/instances/{instanceId}/retry", null)).ReadOkAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, (await (await admin.GetAsync($"/api/workflows/instances/{instanceId}")).ReadOkAsync<JsonElement>()).GetProperty("version").GetInt32());

        // One that keeps the id does: the provider gets its task.
        await PublishAsync(admin, ApproveThenDispatch(definitionId, ("title", "Literal", "接单确认")));
        Assert.Equal("Suspended", (await (await admin.PostAsync($"/api/workflows/instances/{instanceId}/retry", null)).ReadOkAsync<JsonElement>()).GetProperty("status").GetString());
        ticket = await TicketAsync(caseworker, ticketId);
        Assert.Equal("Dispatched", Status(ticket));
        Assert.Equal(team, ProviderOf(ticket));
        Assert.NotNull(await FindTaskAsync(await ProviderClientAsync(host, team), ticketId, "dispatch"));
    }

    [Fact]
    public async Task RetryingAnInstanceThatIsNotFaulted_Returns409_AndAnUnknownOne404()
    {
        var admin = await host.ClientAsAsync(Admin);
        var definitionId = $"fault-{Guid.NewGuid():N}";
        await PublishAsync(admin, WaitForEvent(definitionId, "等待", $"{definitionId}-go"));
        var run = await (await admin.PostAsJsonAsync($"/api/workflows/definitions/{definitionId}/execute", new { input = new { } })).ReadOkAsync<JsonElement>();
        var instanceId = run.GetProperty("instanceId").GetString()!;

        var problem = await (await admin.PostAsync($"/api/workflows/instances/{instanceId}/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(" / ", problem.GetProperty("title").GetString());
        Assert.Contains("Suspended", problem.GetProperty("detail").GetString());
        await (await admin.PostAsync("/api/workflows/instances/nope/retry", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await (await host.ClientAsAsync(PutuoCaseworker)).PostAsync($"/api/workflows/instances/{instanceId}/retry", null))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AFaultedInstance_CanBeCancelled_AndIsNotRetriedAfterwards()
    {
        var admin = await host.ClientAsAsync(Admin);
        var definitionId = $"fault-{Guid.NewGuid():N}";
        await PublishAsync(admin, Document(definitionId, [Activity("start", "Elsa.Start"), Activity("check", "Elsa.RunJavaScript", ("script", "Literal", Broken))],
            [Connect("start", "Done", "check")]));
        var run = await (await admin.PostAsJsonAsync($"/api/workflows/definitions/{definitionId}/execute", new { input = new { } })).ReadOkAsync<JsonElement>();
        Assert.Equal("Faulted", run.GetProperty("status").GetString());
        var instanceId = run.GetProperty("instanceId").GetString()!;

        var cancelled = await (await admin.PostAsync($"/api/workflows/instances/{instanceId}/cancel", null)).ReadOkAsync<JsonElement>();

        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        await (await admin.PostAsync($"/api/workflows/instances/{instanceId}/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(await host.SealedAuditAsync(q => Task.FromResult(q.Any(a => a.Action == "workflow.cancel" && a.EntityId == instanceId))));
    }

    /// <summary>Saves the document as the definition's next version and publishes it.</summary>
    private static async Task PublishAsync(HttpClient admin, string json)
    {
        var saved = await (await admin.PostAsync("/api/workflows/definitions", Http.Json(json))).ReadOkAsync<JsonElement>();
        var id = saved.GetProperty("definitionId").GetString()!;
        (await admin.PostAsync($"/api/workflows/definitions/{id}/publish?version={saved.GetProperty("version").GetInt32()}", null)).EnsureSuccessStatusCode();
    }

    /// <summary>A local item of 普陀区 that runs <paramref name="definitionId"/>; returns its code.</summary>
    private async Task<string> NewItemAsync(string definitionId)
    {
        var body = new
        {
            code = $"x.fault_{Guid.NewGuid():N}"[..30], function = "health", name = "上门测血糖", nameEn = "Blood sugar check at home", mode = "on_demand",
            scopeJurisdictionId = "putuo", needsApproval = true, workflowDefinitionId = definitionId, slaHours = 16,
            formSchema = new { fields = new object[] { new { name = "details", label = "需求说明", type = "text", required = false } } },
        };
        var item = await (await (await host.ClientAsAsync(PutuoOfficer)).PostAsJsonAsync("/api/catalog/items", body)).ReadOkAsync<JsonElement>();
        return Code(item);
    }

    /// <summary>Approval → script → the workflow itself moves the ticket to Closed (no provider needed).</summary>
    private static string ApproveThenScript(string definitionId, string script) => Document(definitionId,
        [Activity("start", "Elsa.Start"), Activity("approve", "CaseHub.Approval", ("level", "Literal", "local")),
         Activity("check", "Elsa.RunJavaScript", ("script", "Literal", script)),
         SetStatus("dispatched", "Dispatched"), SetStatus("accepted", "Accepted"), SetStatus("delivered", "Delivered"),
         Activity("close", "CaseHub.CloseTicket", ("reason", "Literal", "流程办结")), Activity("end", "Elsa.End")],
        [Connect("start", "Done", "approve"), Connect("approve", "Approved", "check"), Connect("check", "Done", "dispatched"),
         Connect("dispatched", "Done", "accepted"), Connect("accepted", "Done", "delivered"), Connect("delivered", "Done", "close"),
         Connect("close", "Done", "end"), Connect("approve", "Rejected", "end")]);

    private static JsonObject SetStatus(string id, string status) => Activity(id, "CaseHub.SetTicketStatus", ("status", "Literal", status));

    private static string ApproveThenDispatch(string definitionId, (string, string, string) title, string dispatchId = "dispatch") => Document(definitionId,
        [Activity("start", "Elsa.Start"), Activity("approve", "CaseHub.Approval", ("level", "Literal", "local")),
         Activity(dispatchId, "CaseHub.Dispatch", title), Activity("end", "Elsa.End")],
        [Connect("start", "Done", "approve"), Connect("approve", "Approved", dispatchId), Connect(dispatchId, "Accepted", "end"),
         Connect(dispatchId, "Closed", "end"), Connect("approve", "Rejected", "end")]);
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWorkflowFaultFacts(SqliteHost host) : WorkflowFaultFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkflowFaultFacts(PostgresHost host) : WorkflowFaultFacts(host);
