using CaseHub.Core.Data;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Benchmarks;

/// <summary>
/// <c>persisted</c>: instances per second (start, then resume of its event bookmark, each step one
/// committed transaction) beside a same-run baseline of bare one-INSERT transactions, so the figure
/// can be read independently of how fast this machine's disk commits.
/// </summary>
internal static class PersistedCommand
{
    private const int WarmUp = 20;

    public static async Task<int> RunAsync(Args args)
    {
        var kind = args.Provider();
        var count = args.Number("count", 1000);
        var parallel = args.Number("parallel", 1);
        await using var database = await BenchDatabase.CreateAsync(kind, args);
        var services = database.Services;
        await EventFlow.PublishAsync(services);

        // JIT, connection pool, EF's compiled queries and the compiled-workflow cache, none of it measured.
        for (var i = 0; i < WarmUp; i++)
        {
            await database.InsertBaselineRowAsync();
            await EventFlow.ResumeAsync(services, await EventFlow.StartAsync(services));
        }

        Table.Log($"{kind}: {count} baseline inserts, {count} instances, {count} baseline inserts, parallel {parallel}");
        var before = await Measure.ParallelAsync(count, parallel, _ => database.InsertBaselineRowAsync());
        var instances = await Measure.ParallelAsync(count, parallel,
            async _ => await EventFlow.ResumeAsync(services, await EventFlow.StartAsync(services)));
        var after = await Measure.ParallelAsync(count, parallel, _ => database.InsertBaselineRowAsync());
        await CheckAllFinishedAsync(services, count + WarmUp);

        var instanceRate = count / instances.TotalSeconds;
        var baselineRate = 2 * count / (before + after).TotalSeconds;
        var perStep = baselineRate / instanceRate / 2;
        new Table("Provider", "Parallel", "Instances", "Instances/s", "Steps/s", "Baseline inserts/s (before / after)", "Cost per step (insert-transactions)")
            .Row(kind, parallel, count, instanceRate, 2 * instanceRate,
                $"{baselineRate:N0} ({count / before.TotalSeconds:N0} / {count / after.TotalSeconds:N0})", $"{perStep:0.00}")
            .Print($"Persisted: Start → Event \"go\" → resume → End, {kind}, parallel {parallel}");
        return 0;
    }

    private static async Task CheckAllFinishedAsync(IServiceProvider services, int expected)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var finished = await context.Set<CaseHub.Workflows.Persistence.WorkflowInstanceRecord>().CountAsync(i => i.Status == WorkflowStatus.Finished);
        var open = await context.Set<CaseHub.Workflows.Persistence.WorkflowBookmarkRecord>().CountAsync();
        if (finished != expected || open != 0)
            throw new InvalidOperationException($"Expected {expected} finished instances and no open bookmark; found {finished} and {open}.");
    }
}
