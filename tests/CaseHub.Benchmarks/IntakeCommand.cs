using System.Text.Json;

namespace CaseHub.Benchmarks;

/// <summary>
/// <c>intake</c>: tickets per second through the real host over HTTP (POST /api/tickets: resident,
/// number, ticket, workflow started with its first task), beside a same-run baseline of a bare HTTP
/// endpoint committing one row in the same database; then latency at a fixed request rate.
/// </summary>
internal static class IntakeCommand
{
    private const int WarmUpIntake = 50;
    private const int WarmUpBaseline = 100;

    /// <summary>As in <c>persisted</c>: baseline and intake chunks alternate, so a noisy neighbour weighs on both alike.</summary>
    private const int Rounds = 4;

    // The issue's goals for PostgreSQL on the 2-core machine.
    private const double GoalTicketsPerSecond = 300;
    private const double GoalP99Ms = 100;

    public static async Task<int> RunAsync(Args args)
    {
        var kind = args.Provider();
        var count = args.Number("count", 1000);
        var concurrency = args.Number("concurrency", 8);
        var rate = args.Number("rate", 100);
        var seconds = args.Number("seconds", 10);
        var service = args.Text("service", "convenience.appliance_repair");
        var jurisdiction = args.Text("jurisdiction", "baisha");
        var hostDll = args.Text("host", DefaultHostDll());

        await using var database = new IntakeDatabase(kind, args);
        Table.Log($"{kind}: fresh {database.Description}");
        await using var host = await HostProcess.StartAsync(hostDll, database, args.Text("trace-sql", "false") == "true");
        await database.CreateBaselineTableAsync();
        await using var baselineServer = await BaselineServer.StartAsync(database);

        using var hostClient = await IntakeApi.SignInAsync(Client(host.BaseAddress));
        using var baselineClient = Client(baselineServer.BaseAddress);
        var approval = await IntakeApi.NeedsApprovalAsync(hostClient, service, jurisdiction);
        Table.Log($"ordering {service} at {jurisdiction} (needs approval: {approval}) as {IntakeApi.ChannelUser}");

        var baseline = new HttpTarget("baseline", baselineClient, BaselineServer.Request);
        var intake = new HttpTarget("intake", hostClient, n => IntakeApi.Ticket(n, service, jurisdiction), IntakeApi.CheckCreated);

        // JIT on both sides, connection pools, EF's query cache, the compiled workflow: none of it measured.
        await HttpLoad.ClosedAsync(baseline, WarmUpBaseline, concurrency);
        await HttpLoad.ClosedAsync(intake, WarmUpIntake, concurrency);

        var chunk = Math.Max(1, count / Rounds);
        Table.Log($"closed loop: {chunk * Rounds} tickets and {chunk * (Rounds + 1)} baseline requests in {Rounds} rounds, concurrency {concurrency}");
        var baselineChunks = new List<LoadResult>();
        var intakeChunks = new List<LoadResult>();
        for (var round = 0; round < Rounds; round++)
        {
            baselineChunks.Add(await HttpLoad.ClosedAsync(baseline, chunk, concurrency));
            intakeChunks.Add(await HttpLoad.ClosedAsync(intake, chunk, concurrency));
            Table.Log($"round {round + 1}: baseline {baselineChunks[^1].Rate:0} req/s, intake {intakeChunks[^1].Rate:0} tickets/s");
        }
        baselineChunks.Add(await HttpLoad.ClosedAsync(baseline, chunk, concurrency));

        Table.Log($"open loop: {rate} requests/s for {seconds} s, baseline then intake");
        var baselineOpen = await HttpLoad.OpenAsync(baseline, rate, seconds);
        var intakeOpen = await HttpLoad.OpenAsync(intake, rate, seconds);

        var mode = await database.CommitModeAsync();
        var closedB = LoadResult.Sum(baselineChunks);
        var closedI = LoadResult.Sum(intakeChunks);
        var ratio = closedI.Rate / closedB.Rate;
        new Table("Endpoint", "Requests", "Req/s (chunk min–max)", "p50", "p95", "p99", "Max", "Errors")
            .Row(Closed("Baseline: POST, one-row INSERT transaction", closedB, baselineChunks))
            .Row(Closed("Intake: POST /api/tickets", closedI, intakeChunks))
            .Row("Intake ÷ baseline", "", $"{ratio:0.00}", Times(closedI, closedB, 50), Times(closedI, closedB, 95), Times(closedI, closedB, 99), "", "")
            .Print($"Ticket intake over HTTP, {kind} ({mode}): closed loop, concurrency {concurrency}");
        new Table("Endpoint", "Requests", "Sent/s", "Max send lag", "p50", "p95", "p99", "Max", "Errors")
            .Row(Open("Baseline: POST, one-row INSERT transaction", baselineOpen))
            .Row(Open("Intake: POST /api/tickets", intakeOpen))
            .Print($"Ticket intake over HTTP, {kind}: open loop, {rate} requests/s for {seconds} s (latency from the scheduled send)");

        var verified = await VerifyAsync(hostClient, intake, host);
        var p99 = intakeOpen.Percentile(99);
        new Table("Goal", "Result", "Met?")
            .Row($"≥ {GoalTicketsPerSecond:0} tickets/s (PostgreSQL)", $"{closedI.Rate:0} tickets/s at concurrency {concurrency} (baseline {closedB.Rate:0} req/s, ratio {ratio:0.00})",
                closedI.Rate >= GoalTicketsPerSecond && closedI.Errors == 0 ? "yes" : "no")
            .Row($"p99 < {GoalP99Ms:0} ms at {rate} requests/s", $"{p99:0.0} ms, {intakeOpen.Errors} errors",
                p99 < GoalP99Ms && intakeOpen.Errors == 0 ? "yes" : "no")
            .Row("Every 201 is a stored ticket", verified, intake.Errors == 0 && !verified.StartsWith("MISMATCH", StringComparison.Ordinal) ? "yes" : "no")
            .Print($"Ticket intake goals, {kind}");
        return intake.Errors + baseline.Errors == 0 && !verified.StartsWith("MISMATCH", StringComparison.Ordinal) ? 0 : 1;
    }

    /// <summary>Through HTTP only: as many tickets as 201s (warm-up included), and the last one has its workflow.</summary>
    private static async Task<string> VerifyAsync(HttpClient client, HttpTarget intake, HostProcess host)
    {
        var total = await IntakeApi.TicketTotalAsync(client);
        var created = intake.Status(201);
        Table.Log($"intake answers: {intake.Statuses}; tickets listed: {total}");
        if (intake.LastBody is { } last)
            Table.Log($"last ticket: {await IntakeApi.DescribeAsync(client, JsonDocument.Parse(last).RootElement.GetProperty("id").GetString()!)}");
        var errors = host.ErrorLines();
        if (errors.Count > 0) Table.Log($"the host logged {errors.Count} errors after start; the first: {errors[0]}");
        return total == created ? $"{total} tickets listed = {created} answers 201" : $"MISMATCH: {total} tickets listed, {created} answers 201";
    }

    private static object[] Closed(string name, LoadResult all, List<LoadResult> chunks) =>
        [name, all.Requests, $"{all.Rate:N0} ({chunks.Min(c => c.Rate):N0}–{chunks.Max(c => c.Rate):N0})",
            Measure.Ms(all.Percentile(50)), Measure.Ms(all.Percentile(95)), Measure.Ms(all.Percentile(99)), Measure.Ms(all.Latencies.Max()), all.Errors];

    private static object[] Open(string name, LoadResult r) =>
        [name, r.Requests, $"{r.Rate:0.0}", Measure.Ms(r.MaxLagMs), Measure.Ms(r.Percentile(50)), Measure.Ms(r.Percentile(95)),
            Measure.Ms(r.Percentile(99)), Measure.Ms(r.Latencies.Max()), r.Errors];

    private static string Times(LoadResult intake, LoadResult baseline, double p) => $"×{intake.Percentile(p) / baseline.Percentile(p):0.0}";

    // Enough connections for the open loop when the host falls behind; no idle cut-off mid-run.
    internal static HttpClient Client(Uri baseAddress) =>
        new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>src/CaseHub.Host's Release build in the repository this benchmark was built from.</summary>
    internal static string DefaultHostDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CaseHub.sln")))
                return Path.Combine(dir.FullName, "src", "CaseHub.Host", "bin", "Release", "net10.0", "CaseHub.Host.dll");
        return "CaseHub.Host.dll";
    }
}
