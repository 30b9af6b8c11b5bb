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
    private const int WarmUp = 50;

    /// <summary>
    /// The instances run in this many chunks, each with a baseline chunk right before it and one more
    /// after the last: a disk or a neighbour that slows down mid-run then weighs on both figures alike.
    /// </summary>
    private const int Rounds = 4;

    public static async Task<int> RunAsync(Args args)
    {
        var kind = args.Provider();
        var count = args.Number("count", 1000);
        var parallel = args.Number("parallel", 1);
        await using var database = await BenchDatabase.CreateAsync(kind, args);
        var services = database.Services;
        await EventFlow.PublishAsync(services);

        // JIT, connection pool, EF's compiled queries and the compiled-workflow cache, none of it measured.
        await Measure.ParallelAsync(WarmUp * 2, parallel, _ => database.InsertBaselineRowAsync());
        await Measure.ParallelAsync(WarmUp, parallel, async _ => await EventFlow.ResumeAsync(services, await EventFlow.StartAsync(services)));

        Table.Log($"{kind}: {count} instances and {count + count / Rounds} baseline inserts in {Rounds} rounds, parallel {parallel}");
        var chunk = count / Rounds;
        var baseline = new List<TimeSpan>();
        var instances = TimeSpan.Zero;
        for (var round = 0; round < Rounds; round++)
        {
            baseline.Add(await Measure.ParallelAsync(chunk, parallel, _ => database.InsertBaselineRowAsync()));
            instances += await Measure.ParallelAsync(chunk, parallel,
                async _ => await EventFlow.ResumeAsync(services, await EventFlow.StartAsync(services)));
        }
        baseline.Add(await Measure.ParallelAsync(chunk, parallel, _ => database.InsertBaselineRowAsync()));
        await CheckAllFinishedAsync(services, chunk * Rounds + WarmUp);

        var instanceRate = chunk * Rounds / instances.TotalSeconds;
        var baselineRate = chunk * baseline.Count / baseline.Sum(t => t.TotalSeconds);
        var chunkRates = baseline.Select(t => chunk / t.TotalSeconds).ToList();
        var perStep = baselineRate / instanceRate / 2;
        var mode = await database.CommitModeAsync();
        new Table("Provider", "Commit", "Parallel", "Instances", "Instances/s", "Steps/s", "Baseline inserts/s (chunk min–max)", "Cost per step (insert-transactions)")
            .Row(kind, mode, parallel, chunk * Rounds, instanceRate, 2 * instanceRate,
                $"{baselineRate:N0} ({chunkRates.Min():N0}–{chunkRates.Max():N0})", $"{perStep:0.00}")
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
