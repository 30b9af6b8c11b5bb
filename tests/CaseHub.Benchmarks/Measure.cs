using System.Diagnostics;

namespace CaseHub.Benchmarks;

internal static class Measure
{
    /// <summary>Runs <paramref name="count"/> operations on <paramref name="parallel"/> workers that each take the next index; the wall time of all.</summary>
    public static async Task<TimeSpan> ParallelAsync(int count, int parallel, Func<int, Task> operation)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) await operation(i);
        })));
        return watch.Elapsed;
    }

    /// <summary>Nearest-rank percentile of milliseconds.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Ms(double milliseconds) => $"{milliseconds:0.00} ms";
}
