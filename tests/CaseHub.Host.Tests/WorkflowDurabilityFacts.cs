using System.Text.Json.Nodes;
using CaseHub.Core.Data;
using CaseHub.Host.Tests.Infrastructure;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Definitions;

namespace CaseHub.Host.Tests;

/// <summary>Transactions, concurrency and timers of the engine on a real database; each test has its own host(s).</summary>
public abstract class WorkflowDurabilityFacts
{
    protected abstract CaseHubFactory NewHost(FailingCommandInterceptor? interceptor = null);

    protected static async Task PublishAsync(IServiceProvider services, string json)
    {
        await using var scope = services.CreateAsyncScope();
        var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>();
        var saved = await definitions.SaveDraftAsync(WorkflowJson.Parse(json));
        await definitions.PublishAsync(saved.DefinitionId, saved.Version);
    }

    protected static async Task<T> InScopeAsync<T>(IServiceProvider services, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task TwoResumesRacingForOneBookmark_ExactlyOneWins()
    {
        await using var host = NewHost();
        await PublishAsync(host.Services, WaitForEvent("race", "go", "race-event"));
        var started = await InScopeAsync(host.Services, s => s.GetRequiredService<WorkflowRuntime>().StartAsync("race"));
        var bookmark = started.Bookmarks.Single().Id;

        using var gate = new Barrier(2);
        var attempts = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            gate.SignalAndWait();
            try
            {
                await InScopeAsync(host.Services, s => s.GetRequiredService<WorkflowRuntime>().ResumeAsync(bookmark, null, "racer"));
                return true;
            }
            catch (Exception e) when (e is WorkflowConflictException or WorkflowNotFoundException)
            {
                return false;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDb>();
        Assert.Equal(1, await db.Journal.CountAsync(j => j.InstanceId == started.Id && j.ActivityId == "end"));
        Assert.Equal(WorkflowStatus.Finished, (await db.Instances.SingleAsync(i => i.Id == started.Id)).Status);
        Assert.Empty(await db.Bookmarks.Where(b => b.InstanceId == started.Id).ToListAsync());
    }

    [Fact]
    public async Task AFailureInsideTheCommit_LeavesNoPartOfTheStep()
    {
        var interceptor = new FailingCommandInterceptor();
        await using var host = NewHost(interceptor);
        await PublishAsync(host.Services, Document("crash",
            [Activity("start", "Elsa.Start"), Activity("publish", "Elsa.PublishEvent", ("eventName", "Literal", "noted")),
             Activity("wait", "Elsa.Event", ("eventName", "Literal", "crash-go")), Activity("again", "Elsa.PublishEvent", ("eventName", "Literal", "noted")),
             Activity("end", "Elsa.End")],
            [Connect("start", "Done", "publish"), Connect("publish", "Done", "wait"), Connect("wait", "Done", "again"), Connect("again", "Done", "end")]));

        // A failing start writes nothing at all.
        interceptor.Armed = true;
        await Assert.ThrowsAnyAsync<Exception>(() => InScopeAsync(host.Services, s => s.GetRequiredService<WorkflowRuntime>().StartAsync("crash")));
        interceptor.Armed = false;
        var counts = await CountsAsync(host.Services);
        Assert.Equal((0, 0, 0, 0), counts);

        // A failing resume leaves the instance exactly as it was before.
        var started = await InScopeAsync(host.Services, s => s.GetRequiredService<WorkflowRuntime>().StartAsync("crash"));
        var before = await CountsAsync(host.Services);
        interceptor.Armed = true;
        await Assert.ThrowsAnyAsync<Exception>(() => InScopeAsync(host.Services, s => s.GetRequiredService<WorkflowRuntime>().ResumeAsync(started.Bookmarks[0].Id, null, "x")));
        interceptor.Armed = false;
        Assert.Equal(before, await CountsAsync(host.Services));
        var still = await InScopeAsync(host.Services, s => s.GetRequiredService<WorkflowRuntime>().FindAsync(started.Id));
        Assert.Equal(WorkflowStatus.Suspended, still!.Status);

        // And the same resume succeeds once the fault is gone.
        var done = await InScopeAsync(host.Services, s => s.GetRequiredService<WorkflowRuntime>().ResumeAsync(started.Bookmarks[0].Id, null, "x"));
        Assert.Equal(WorkflowStatus.Finished, done.Status);
    }

    private static Task<(int Instances, int Bookmarks, int Journal, int Outbox)> CountsAsync(IServiceProvider services) =>
        InScopeAsync(services, async s =>
        {
            var db = s.GetRequiredService<WorkflowDb>();
            var crash = db.Instances.Where(i => i.DefinitionId == "crash").Select(i => i.Id);
            return (await crash.CountAsync(), await db.Bookmarks.CountAsync(b => crash.Contains(b.InstanceId)),
                await db.Journal.CountAsync(j => crash.Contains(j.InstanceId)), await db.Outbox.CountAsync(o => crash.Contains(o.InstanceId!)));
        });

    [Fact]
    public async Task ATimerDue_FiresOnItsOwnThroughHangfire()
    {
        await using var host = NewHost();
        await PublishAsync(host.Services, Delay("soon", "00:00:01"));
        var started = await InScopeAsync(host.Services, s => s.GetRequiredService<WorkflowRuntime>().StartAsync("soon"));
        Assert.Equal(WorkflowStatus.Suspended, started.Status);

        var status = await WaitForAsync(host.Services, started.Id, WorkflowStatus.Finished, TimeSpan.FromSeconds(30));
        var timers = await InScopeAsync(host.Services, s => s.GetRequiredService<WorkflowDb>().Timers.AsNoTracking().ToListAsync());
        var monitor = host.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        Assert.True(status == WorkflowStatus.Finished,
            $"status {status}; timers: {string.Join(", ", timers.Select(t => $"{t.Id} due {t.DueAt:O} lease {t.LeaseOwner} {t.LeaseExpiresAt:O}"))}; " +
            $"now {DateTime.UtcNow:O}; hangfire scheduled {monitor.ScheduledCount()} enqueued {monitor.EnqueuedCount("default")} failed {monitor.FailedCount()} " +
            $"succeeded {monitor.SucceededListCount()} servers {monitor.Servers().Count}");
    }

    internal static async Task<WorkflowStatus?> WaitForAsync(IServiceProvider services, string instanceId, WorkflowStatus expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        WorkflowStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = (await InScopeAsync(services, s => s.GetRequiredService<WorkflowRuntime>().FindAsync(instanceId)))?.Status;
            if (status == expected) break;
            await Task.Delay(250);
        }
        return status;
    }
}

/// <summary>
/// These tests measure timers against the clock and the 1,000-timer test saturates both cores, so the
/// collection runs alone, after the others, instead of starving (or being starved by) them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DurabilityCollection
{
    public const string Name = "workflow-durability";
}

[Collection(DurabilityCollection.Name)]
public sealed class SqliteWorkflowDurabilityFacts : WorkflowDurabilityFacts
{
    protected override CaseHubFactory NewHost(FailingCommandInterceptor? interceptor = null) => new SqliteHost
    {
        TestServices = interceptor is null ? null : s => s.ConfigureDbContext<SqliteCaseHubDbContext>(o => o.AddInterceptors(interceptor)),
    };

    [Fact]
    public async Task TimersDueWhileTheHostWasDown_FireAfterItStartsAgain()
    {
        var file = Path.Combine(Path.GetTempPath(), $"casehub-timers-{Guid.NewGuid():N}.db");
        string instanceId;
        await using (var first = new SqliteHost(file) { KeepDatabase = true })
        {
            await using var scope = first.Services.CreateAsyncScope();
            var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>();
            var saved = await definitions.SaveDraftAsync(WorkflowJson.Parse(Delay("down", "00:00:02")));
            await definitions.PublishAsync(saved.DefinitionId);
            instanceId = (await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync("down")).Id;
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // due while nothing runs

        await using var second = new SqliteHost(file);
        var status = await WaitForAsync(second.Services, instanceId, WorkflowStatus.Finished, TimeSpan.FromSeconds(30));
        Assert.Equal(WorkflowStatus.Finished, status);
    }
}

[Collection(DurabilityCollection.Name)]
public sealed class PostgresWorkflowDurabilityFacts : WorkflowDurabilityFacts
{
    protected override CaseHubFactory NewHost(FailingCommandInterceptor? interceptor = null) => new PostgresHost
    {
        TestServices = interceptor is null ? null : s => s.ConfigureDbContext<PostgresCaseHubDbContext>(o => o.AddInterceptors(interceptor)),
    };

    [Fact]
    public async Task AThousandTimersOnTwoHosts_EachFireExactlyOnce()
    {
        const int count = 1000;
        await using var a = new PostgresHost { KeepDatabase = true };
        await PublishAsync(a.Services, Delay("shared", "00:00:08"));
        await using var b = new PostgresHost(a.DatabaseName);

        var ids = new List<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var services = i % 2 == 0 ? a.Services : b.Services;
            var run = await InScopeAsync(services, s => s.GetRequiredService<WorkflowRuntime>().StartAsync("shared", ct: ct));
            lock (ids) ids.Add(run.Id);
        });

        var deadline = DateTime.UtcNow.AddSeconds(120);
        int finished;
        do
        {
            await Task.Delay(500);
            finished = await InScopeAsync(a.Services, s => s.GetRequiredService<WorkflowDb>().Instances
                .CountAsync(i => i.DefinitionId == "shared" && i.Status == WorkflowStatus.Finished));
        } while (finished < count && DateTime.UtcNow < deadline);

        Assert.Equal(count, finished);
        await using var scope = a.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDb>();
        var fires = await db.Journal.Where(j => j.ActivityId == "delay" && j.Outcome == "Done").GroupBy(j => j.InstanceId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(count, fires.Count);
        Assert.All(fires, n => Assert.Equal(1, n));
        Assert.Equal(count, await db.Journal.CountAsync(j => j.ActivityId == "end"));
        Assert.Empty(await db.Timers.ToListAsync());
    }
}
