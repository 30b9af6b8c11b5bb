using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CaseHub.Benchmarks;

/// <summary>
/// <c>crash</c>: the Release host on PostgreSQL under an open-loop intake load is killed with SIGKILL and started
/// again on the same address; then PostgreSQL itself is restarted (<c>--pg-restart</c>, a shell command, e.g.
/// <c>pg_ctl restart -m immediate</c>) under the same load. After each, every ticket answered 201 must be stored
/// with its first task, no workflow may be left half-stepped (<see cref="CrashChecks"/>), timers that fell due
/// during the outage must have fired, and the audit chain must verify. Prints the counts; exit 1 when one is off.
/// </summary>
internal static class CrashCommand
{
    public static async Task<int> RunAsync(Args args)
    {
        if (args.Provider() != DatabaseKind.Postgres) throw new ArgumentException("crash runs on PostgreSQL: --provider postgres.");
        var rate = args.Number("rate", 100);
        var seconds = args.Number("seconds", 20);
        var faultAt = TimeSpan.FromSeconds(args.Number("fault-at", 6));
        var pgRestart = args.Text("pg-restart", "");
        var service = args.Text("service", "convenience.appliance_repair");
        var jurisdiction = args.Text("jurisdiction", "baisha");
        var hostDll = args.Text("host", IntakeCommand.DefaultHostDll());

        await using var database = new IntakeDatabase(DatabaseKind.Postgres, args);
        Table.Log($"postgres: fresh {database.Description}");
        var host = await HostProcess.StartAsync(hostDll, database, traceSql: false);
        var failed = false;
        try
        {
            var run = new CrashRun(host.BaseAddress, service, jurisdiction);
            await run.SignInAsync();

            // 1. The host killed mid-load and started again on the same address while the load goes on.
            var due = await run.StartDelaysAsync("crash-kill", faultAt + TimeSpan.FromSeconds(2));
            var killed = await run.UnderLoadAsync(rate, seconds, faultAt, async () =>
            {
                await host.KillAsync();
                await host.DisposeAsync();
                var watch = Stopwatch.StartNew();
                host = await HostProcess.StartAsync(hostDll, database, traceSql: false, host.BaseAddress);
                return $"host ready again {watch.Elapsed.TotalSeconds:0.0} s after the kill";
            });
            failed |= await run.ReportAsync("host killed (SIGKILL) mid-load", killed, database, due);

            // 2. PostgreSQL restarted under load; the host must find its way back by itself.
            if (pgRestart.Length == 0) Table.Log("no --pg-restart command: the PostgreSQL restart is skipped");
            else
            {
                due = await run.StartDelaysAsync("crash-pg", faultAt + TimeSpan.FromSeconds(2));
                var restarted = await run.UnderLoadAsync(rate, seconds, faultAt, async () =>
                {
                    var watch = Stopwatch.StartNew();
                    await ShellAsync(pgRestart);
                    return $"PostgreSQL back after {watch.Elapsed.TotalSeconds:0.0} s";
                });
                failed |= await run.ReportAsync("PostgreSQL restarted (immediate) mid-load", restarted, database, due);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
        return failed ? 1 : 0;
    }

    private static async Task ShellAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{command}' exited {process.ExitCode}");
    }
}

/// <summary>One phase's load: what the clients were answered, how /health/ready moved, what the fault said.</summary>
internal sealed record PhaseResult(LoadResult Load, string Statuses, int Created, List<(double At, int Status)> Health, string Fault);

/// <summary>The clients of a crash run: the hotline placing orders, the administrator starting timers and verifying the audit chain.</summary>
internal sealed class CrashRun(Uri baseAddress, string service, string jurisdiction)
{
    private const string Admin = "admin@casehub.local";
    private const int Timers = 20;
    private readonly HttpClient _hotline = IntakeCommand.Client(baseAddress);
    private readonly HttpClient _admin = IntakeCommand.Client(baseAddress);
    private readonly ConcurrentBag<Guid> _acknowledged = [];

    public async Task SignInAsync()
    {
        await IntakeApi.SignInAsync(_hotline);
        using var response = await _admin.PostAsJsonAsync("/api/auth/login", new { email = Admin, password = IntakeApi.DemoPassword });
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        _admin.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    /// <summary>Publishes Start → Delay(<paramref name="delay"/>) → End and starts <see cref="Timers"/> instances: timers due during the fault.</summary>
    public async Task<List<string>> StartDelaysAsync(string definitionId, TimeSpan delay)
    {
        var saved = await _admin.PostAsync("/api/workflows/definitions", new StringContent(Flows.Delay(definitionId, delay), Encoding.UTF8, "application/json"));
        await OkAsync(saved, "save the delay workflow");
        await OkAsync(await _admin.PostAsync($"/api/workflows/definitions/{definitionId}/publish", null), "publish it");
        var ids = new List<string>();
        for (var i = 0; i < Timers; i++)
        {
            var started = await _admin.PostAsJsonAsync($"/api/workflows/definitions/{definitionId}/execute", new { input = new { } });
            ids.Add(JsonDocument.Parse(await OkAsync(started, "start an instance")).RootElement.GetProperty("instanceId").GetString()!);
        }
        return ids;
    }

    /// <summary>Orders at <paramref name="rate"/>/s for <paramref name="seconds"/> s, <paramref name="fault"/> at <paramref name="faultAt"/>, /health/ready polled throughout.</summary>
    public async Task<PhaseResult> UnderLoadAsync(int rate, int seconds, TimeSpan faultAt, Func<Task<string>> fault)
    {
        var created = 0;
        var target = new HttpTarget("intake", _hotline, n => IntakeApi.Ticket(n, service, jurisdiction), IntakeApi.CheckCreated, (status, body) =>
        {
            if (status != 201) return;
            _acknowledged.Add(JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid());
            Interlocked.Increment(ref created);
        });
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var health = PollHealthAsync(watch, stop.Token);
        var load = HttpLoad.OpenAsync(target, rate, seconds);
        await Task.Delay(faultAt);
        Table.Log($"fault at {watch.Elapsed.TotalSeconds:0.0} s");
        var said = await fault();
        Table.Log(said);
        var result = await load;
        await WaitReadyAsync();
        stop.Cancel();
        return new PhaseResult(result, target.Statuses, created, await health, said);
    }

    /// <summary>Every change of /health/ready's status (0: no answer) with the second it happened.</summary>
    private async Task<List<(double, int)>> PollHealthAsync(Stopwatch watch, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var changes = new List<(double, int)>();
        var last = -1;
        while (!ct.IsCancellationRequested)
        {
            int status;
            try
            {
                using var response = await client.GetAsync("/health/ready", CancellationToken.None);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }
            if (status != last) changes.Add((watch.Elapsed.TotalSeconds, last = status));
            await Task.Delay(100, CancellationToken.None);
        }
        return changes;
    }

    private async Task WaitReadyAsync()
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                using var response = await _admin.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new InvalidOperationException("/health/ready did not come back to 200 within 120 s");
    }

    /// <summary>Waits for the timers and the background work to settle, checks, prints the phase's table; true when something is off.</summary>
    public async Task<bool> ReportAsync(string phase, PhaseResult result, IntakeDatabase database, List<string> timers)
    {
        var fired = await WaitFinishedAsync(timers);
        await Task.Delay(TimeSpan.FromSeconds(6)); // one more round of the 5-second sweep and seal jobs
        var acknowledged = await CrashChecks.AcknowledgedAsync(database, [.. _acknowledged]);
        var invariants = await CrashChecks.InvariantsAsync(database);
        var audit = JsonDocument.Parse(await OkAsync(await _admin.GetAsync("/api/audit/verify"), "verify the audit chain")).RootElement;
        var intact = audit.GetProperty("intact").GetBoolean();
        var health = string.Join(" → ", result.Health.Select(h => $"{(h.Status == 0 ? "no answer" : h.Status.ToString())} @{h.At:0.0}s"));
        var unready = result.Health.Any(h => h.Status != 200);

        var table = new Table("Check", "Count", "OK?")
            .Row("orders sent at the fixed rate", result.Load.Requests, "")
            .Row("answers (status×count; 0 = no answer)", result.Statuses, "")
            .Row("acknowledged 201 in this phase", result.Created, "")
            .Row("acknowledged 201 so far, all phases", acknowledged.Count, "")
            .Row("… of them not stored", acknowledged.Missing, acknowledged.Missing == 0 ? "yes" : "NO")
            .Row("… of them stored without a task", acknowledged.WithoutTask, acknowledged.WithoutTask == 0 ? "yes" : "NO")
            .Row("tickets stored in all", acknowledged.Stored, "")
            .Row($"timers due during the fault, fired", $"{fired} of {timers.Count}", fired == timers.Count ? "yes" : "NO");
        foreach (var (name, count) in invariants) table.Row(name, count, count == 0 ? "yes" : "NO");
        table.Row("audit chain", $"{(intact ? "intact" : "BROKEN")}, {audit.GetProperty("rows").GetInt64()} rows", intact ? "yes" : "NO")
            .Row("/health/ready", health, unready ? "left 200 and came back" : "never left 200")
            .Row("fault", result.Fault, "")
            .Print($"Crash: {phase}");
        return acknowledged.Missing + acknowledged.WithoutTask > 0 || fired != timers.Count || invariants.Any(i => i.Count > 0) || !intact;
    }

    private async Task<int> WaitFinishedAsync(List<string> instances)
    {
        var watch = Stopwatch.StartNew();
        var finished = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            finished = 0;
            foreach (var id in instances)
            {
                var instance = JsonDocument.Parse(await OkAsync(await _admin.GetAsync($"/api/workflows/instances/{id}"), "read an instance")).RootElement;
                if (instance.GetProperty("status").GetString() == "Finished") finished++;
            }
            if (finished == instances.Count) break;
            await Task.Delay(1000);
        }
        return finished;
    }

    private static async Task<string> OkAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {body}");
    }
}
