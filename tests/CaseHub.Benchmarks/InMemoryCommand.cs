using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CaseHub.Benchmarks;

/// <summary><c>inmemory</c>: BenchmarkDotNet on <see cref="InMemoryFlowchart"/>, summarised as one markdown table.</summary>
internal static class InMemoryCommand
{
    public static int Run()
    {
        // ShortRun (3 warm-ups, 3 iterations) in this process: the machine is small and shared, and an
        // out-of-process run would first build a second copy of the solution.
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(new StderrLogger())
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "casehub-benchmarks"));
        var summary = BenchmarkRunner.Run<InMemoryFlowchart>(config);
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
        {
            Table.Log("BenchmarkDotNet failed; see its log above.");
            return 1;
        }

        var table = new Table("Benchmark", "Mean", "StdDev", "Per activity", "Allocated");
        foreach (var report in summary.Reports)
        {
            var stats = report.ResultStatistics!;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            table.Row(report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''), Micro(stats.Mean), Micro(stats.StandardDeviation),
                Micro(stats.Mean / 10), $"{allocated / 1024.0:0.0} KB");
        }
        table.Print($"In memory: one run of a 10-activity flowchart (BenchmarkDotNet ShortRun, in-process, {Environment.ProcessorCount} cores)");
        return 0;
    }

    private static string Micro(double nanoseconds) => $"{nanoseconds / 1000:0.0} µs";

    /// <summary>BenchmarkDotNet's progress goes to stderr so that stdout holds only the tables.</summary>
    private sealed class StderrLogger : ILogger
    {
        public string Id => nameof(StderrLogger);
        public int Priority => 0;
        public void Write(LogKind logKind, string text) => Console.Error.Write(text);
        public void WriteLine() => Console.Error.WriteLine();
        public void WriteLine(LogKind logKind, string text) => Console.Error.WriteLine(text);
        public void Flush() => Console.Error.Flush();
    }
}
