using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Host.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Definitions;

namespace CaseHub.Host.Tests;

/// <summary>
/// Triggers that start instances of the published version (canStartWorkflow), on SQLite and PostgreSQL. The event case mirrors
/// elsa-core's test/component/Elsa.Workflows.ComponentTests/Scenarios/Activities/Primitives/Event/EventTests.cs
/// (PublishingEventToEventAsTriggerWorkflow_ShouldStartAndCompleteWorkflow: one new instance, finished); the timer and cron cases
/// follow .../Scenarios/Activities/Timers/Timer/TimerTests.cs and Cron/CronTests.cs. That two hosts firing one occurrence start
/// one instance, and that a new version replaces the old one's schedule, are CaseHub's own rules.
/// </summary>
public abstract class WorkflowTriggerFacts(CaseHubFactory host)
{
    private Task<HttpClient> AdminAsync() => host.ClientAsAsync("admin@casehub.local");

    private static string NewId() => $"test-{Guid.NewGuid():N}";

    private static JsonObject Trigger(JsonObject activity)
    {
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return activity;
    }

    private static async Task PublishAsync(HttpClient client, string id, string json)
    {
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/workflows/definitions", Http.Json(json))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/workflows/definitions/{id}/publish", null)).StatusCode);
    }

    private async Task<List<WorkflowInstanceRecord>> InstancesAsync(string definitionId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDb>().Instances.AsNoTracking().Where(i => i.DefinitionId == definitionId).ToListAsync();
    }

    private async Task<List<WorkflowTimerRecord>> TriggerRowsAsync(string definitionId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDb>();
        var versions = await db.Definitions.Where(d => d.DefinitionId == definitionId).Select(d => StartTriggers.RowPrefix + d.Id).ToListAsync();
        return await db.Timers.AsNoTracking().Where(t => versions.Contains(t.InstanceId)).ToListAsync();
    }

    [Fact]
    public async Task AnEventTrigger_StartsANewInstanceAtTheTrigger_WhenAnAdministratorRaisesTheEvent_ButNotForAChannel()
    {
        var client = await AdminAsync();
        var id = NewId();
        await PublishAsync(client, id, Document(id,
            [Trigger(Activity("arrived", "Elsa.Event", ("eventName", "Literal", $"{id}-arrived"))), Activity("write", "Elsa.WriteLine", ("text", "Literal", "到达")), Activity("end", "Elsa.End")],
            [Connect("arrived", "Done", "write"), Connect("write", "Done", "end")]));

        var channel = await host.ClientAsAsync("hotline@casehub.local");
        var byChannel = await (await channel.PostAsJsonAsync($"/api/workflows/events/{id}-arrived", new { })).ReadOkAsync<JsonElement>();
        Assert.Equal(0, byChannel.GetProperty("resumed").GetInt32());
        Assert.Empty(await InstancesAsync(id));

        var raised = await (await client.PostAsJsonAsync($"/api/workflows/events/{id}-arrived", new { correlationId = "ZS-7" })).ReadOkAsync<JsonElement>();

        Assert.Equal(1, raised.GetProperty("resumed").GetInt32());
        var instance = Assert.Single(await InstancesAsync(id));
        Assert.Equal((WorkflowStatus.Finished, "ZS-7"), (instance.Status, instance.CorrelationId));
        Assert.Equal(["到达"], InstanceState.Deserialize(instance.State).Lines);
    }

    [Fact]
    public async Task ATimerTriggersOccurrence_FiredByTwoHostsAtOnce_StartsOneInstance_AndSchedulesTheNext()
    {
        var client = await AdminAsync();
        var id = NewId();
        await PublishAsync(client, id, Document(id,
            [Trigger(Activity("every", "Elsa.Timer", ("interval", "Literal", "01:00:00"))), Activity("write", "Elsa.WriteLine", ("text", "Literal", "巡检"))],
            [Connect("every", "Done", "write")]));
        var row = Assert.Single(await TriggerRowsAsync(id));
        Assert.InRange(row.DueAt, DateTime.UtcNow.AddMinutes(59), DateTime.UtcNow.AddMinutes(61));

        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WorkflowDb>().Timers.Where(t => t.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, DateTime.UtcNow.AddSeconds(-1)));
        async Task<bool> FireAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<WorkflowTimers>().FireAsync(row.Id);
        }
        await Task.WhenAll(FireAsync(), FireAsync());

        var instance = Assert.Single(await InstancesAsync(id));
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["巡检"], InstanceState.Deserialize(instance.State).Lines);
        var next = Assert.Single(await TriggerRowsAsync(id));
        Assert.NotEqual(row.Id, next.Id);
        Assert.InRange(next.DueAt, DateTime.UtcNow.AddMinutes(59), DateTime.UtcNow.AddMinutes(61));
    }

    [Fact]
    public async Task PublishingANewVersion_ReplacesTheCronTriggersRow_AndAnInstanceStartedByHandStillWaitsAtIt()
    {
        var client = await AdminAsync();
        var id = NewId();
        string Version(string cron) => Document(id,
            [Trigger(Activity("daily", "Elsa.Cron", ("cronExpression", "Literal", cron))), Activity("write", "Elsa.WriteLine", ("text", "Literal", "日报"))],
            [Connect("daily", "Done", "write")]);
        await PublishAsync(client, id, Version("0 9 * * *"));
        var first = Assert.Single(await TriggerRowsAsync(id));

        await PublishAsync(client, id, Version("0 10 * * *"));

        var second = Assert.Single(await TriggerRowsAsync(id));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(0, second.DueAt.Minute);
        var manual = await (await client.PostAsJsonAsync($"/api/workflows/definitions/{id}/execute", new { input = new { } })).ReadOkAsync<JsonElement>();
        Assert.Equal("Suspended", manual.GetProperty("status").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWorkflowTriggerFacts(SqliteHost host) : WorkflowTriggerFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkflowTriggerFacts(PostgresHost host) : WorkflowTriggerFacts(host);
