using System.Diagnostics;
using CaseHub.Core.Data;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Benchmarks;

/// <summary>Fills a fresh database to the size the latency goal names, with bulk SQL rather than the engine, so seeding stays in seconds.</summary>
internal static class Seeding
{
    /// <summary>
    /// Open bookmarks of fake instances (two per instance), with random 32-hex ids like the engine's
    /// GUIDs so the primary-key index is as scattered as in production, and 1,000 distinct event names.
    /// </summary>
    public static async Task<TimeSpan> BookmarksAsync(BenchDatabase database, int count)
    {
        var watch = Stopwatch.StartNew();
        const string columns = "\"Id\", \"InstanceId\", \"ActivityId\", \"Kind\", \"Name\", \"CorrelationId\", \"Payload\", \"DueAt\", \"CreatedAt\"";
        await database.ExecuteAsync(database.Kind == DatabaseKind.Postgres
            ? $"""
              INSERT INTO "WorkflowBookmarks" ({columns})
              SELECT md5(i::text || random()::text), 'seed-' || (i / 2), 'Event1', 'Event', 'seed-' || (i % 1000), 'corr-' || i, NULL, NULL, now()
              FROM generate_series(1, {count}) AS i
              """
            : $"""
              WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {count})
              INSERT INTO "WorkflowBookmarks" ({columns})
              SELECT lower(hex(randomblob(16))), 'seed-' || (i / 2), 'Event1', 'Event', 'seed-' || (i % 1000), 'corr-' || i, NULL, NULL,
                     strftime('%Y-%m-%d %H:%M:%f', 'now')
              FROM seq
              """);
        // A table that grew to this size over time has planner statistics and set hint bits (autovacuum), and
        // its pages reached the data files long ago: without this, the flush of the bulk insert's WAL would
        // compete with the measured commits and the figure would describe the seeding, not the resume.
        if (database.Kind == DatabaseKind.Postgres)
        {
            await database.ExecuteAsync("VACUUM ANALYZE");
            await database.ExecuteAsync("CHECKPOINT");
        }
        else
        {
            await database.ExecuteAsync("ANALYZE");
            await database.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return watch.Elapsed;
    }

    /// <summary>
    /// <paramref name="versions"/> versions of the event definition: the first saved through
    /// <see cref="WorkflowDefinitions.SaveDraftAsync"/>, the rest inserted as rows with its JSON and
    /// increasing version numbers, then the newest published through <see cref="WorkflowDefinitions.PublishAsync"/>.
    /// </summary>
    public static async Task<TimeSpan> VersionsAsync(IServiceProvider services, int versions)
    {
        var watch = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>().SaveDraftAsync(Flows.StartEventEnd());
            var context = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            var first = await context.Set<WorkflowDefinitionRecord>().AsNoTracking().SingleAsync(d => d.DefinitionId == Flows.EventId);
            context.Set<WorkflowDefinitionRecord>().AddRange(Enumerable.Range(2, versions - 1).Select(v => new WorkflowDefinitionRecord
            {
                Id = Guid.NewGuid().ToString("N"), DefinitionId = first.DefinitionId, Version = v, Name = first.Name, Json = first.Json,
                CreatedAt = DateTime.UtcNow,
            }));
            await context.SaveChangesAsync();
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var published = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>().PublishAsync(Flows.EventId);
            if (published?.Version != versions) throw new InvalidOperationException($"Published version {published?.Version}, expected {versions}.");
        }
        return watch.Elapsed;
    }
}
