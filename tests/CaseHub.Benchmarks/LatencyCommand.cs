using System.Diagnostics;

namespace CaseHub.Benchmarks;

/// <summary>
/// <c>latency</c>: start and resume latency, one at a time, in a database already holding many open
/// bookmarks and many versions of the definition.
/// </summary>
internal static class LatencyCommand
{
    private const int WarmUp = 20;

    public static async Task<int> RunAsync(Args args)
    {
        var kind = args.Provider();
        var bookmarks = args.Number("bookmarks", 1_000_000);
        var versions = args.Number("versions", 500);
        var samples = args.Number("resumes", 500);
        await using var database = await BenchDatabase.CreateAsync(kind, args);
        var services = database.Services;

        var versionTime = await Seeding.VersionsAsync(services, versions);
        Table.Log($"{versions} versions in {versionTime.TotalSeconds:0.0} s; seeding {bookmarks:N0} bookmarks");
        var bookmarkTime = await Seeding.BookmarksAsync(database, bookmarks);
        Table.Log($"{bookmarks:N0} bookmarks in {bookmarkTime.TotalSeconds:0.0} s");

        for (var i = 0; i < WarmUp; i++) await EventFlow.ResumeAsync(services, await EventFlow.StartAsync(services));

        // All starts first, then all resumes: each resume then looks its bookmark up among every open one.
        var starts = new List<double>(samples);
        var bookmarkIds = new List<string>(samples);
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            bookmarkIds.Add(await EventFlow.StartAsync(services));
            starts.Add(watch.Elapsed.TotalMilliseconds);
        }
        var resumes = new List<double>(samples);
        foreach (var id in bookmarkIds)
        {
            var watch = Stopwatch.StartNew();
            await EventFlow.ResumeAsync(services, id);
            resumes.Add(watch.Elapsed.TotalMilliseconds);
        }

        var table = new Table("Operation", "Samples", "Mean", "p50", "p95", "p99", "Max");
        foreach (var (name, values) in new[] { ("Start (runs to the event)", starts), ("Resume by bookmark id (runs to End)", resumes) })
        {
            values.Sort();
            table.Row(name, values.Count, Measure.Ms(values.Average()), Measure.Ms(Measure.Percentile(values, 50)),
                Measure.Ms(Measure.Percentile(values, 95)), Measure.Ms(Measure.Percentile(values, 99)), Measure.Ms(values[^1]));
        }
        table.Print($"Latency, {kind} ({await database.CommitModeAsync()}): {bookmarks:N0} stored bookmarks (seeded in {bookmarkTime.TotalSeconds:0.0} s), " +
                    $"{versions} stored versions (seeded in {versionTime.TotalSeconds:0.0} s), sequential");
        return 0;
    }
}
