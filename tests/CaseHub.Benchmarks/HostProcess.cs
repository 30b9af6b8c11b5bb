using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CaseHub.Benchmarks;

/// <summary>
/// The real CaseHub host (the Release build of <c>CaseHub.Host.dll</c>, its own Program and configuration
/// files) as a child process on 127.0.0.1, configured only through the environment as an operator would.
/// Its console goes to a temp log file by shell redirection, so the benchmark spends no CPU draining a pipe
/// and a 500's exception can be read afterwards.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);
    private readonly Process _process;

    public Uri BaseAddress { get; }
    public string LogFile { get; }

    private HostProcess(Process process, Uri baseAddress, string logFile)
    {
        _process = process;
        BaseAddress = baseAddress;
        LogFile = logFile;
    }

    private int _linesBeforeReady;
    private bool _keepLog;

    /// <summary>Starts the host and waits for /health/ready; on <paramref name="url"/> when given (a restart keeps its address).</summary>
    public static async Task<HostProcess> StartAsync(string hostDll, IntakeDatabase database, bool traceSql, Uri? url = null)
    {
        if (!File.Exists(hostDll))
            throw new ArgumentException($"{hostDll} is missing: dotnet build src/CaseHub.Host -c Release (scripts/bench.sh does), or pass --host <dll>.");
        url ??= new Uri($"http://127.0.0.1:{FreePort()}");
        var log = Path.Combine(Path.GetTempPath(), $"casehub-bench-host-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            // The content root is the current directory: the build output holds appsettings.json.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(hostDll))!,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-c", "exec \"$@\" >\"$CASEHUB_BENCH_HOST_LOG\" 2>&1", "sh", "dotnet", hostDll, "--urls", url.ToString().TrimEnd('/') })
            start.ArgumentList.Add(a);
        start.Environment["CASEHUB_BENCH_HOST_LOG"] = log;
        start.Environment["Database__Provider"] = database.ProviderSetting;
        start.Environment["ConnectionStrings__CaseHub"] = database.ConnectionString;
        start.Environment["CaseHub__Demo__Enabled"] = "true";
        // The load is the point here: the per-channel intake limit and the sign-in limit would cap it.
        start.Environment["CaseHub__RateLimits__IntakePerMinute"] = "100000000";
        start.Environment["CaseHub__RateLimits__SignInPerMinute"] = "100000000";
        start.Environment["CaseHub__Demo__Password"] = IntakeApi.DemoPassword;
        // Production, as deployed: not the Development settings `dotnet run` would pick.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        // --trace-sql true: every SQL command the host sends, with its duration, in its log (kept), to see where a ticket's time goes.
        // A command-line key, not an environment variable: sh drops variables whose names have dots.
        if (traceSql) start.ArgumentList.Add("--Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command=Information");

        var host = new HostProcess(Process.Start(start)!, url, log) { _keepLog = traceSql };
        Table.Log($"CaseHub host pid {host._process.Id} on {url}, log {log}");
        try
        {
            await host.WaitReadyAsync();
        }
        catch
        {
            host._keepLog = true; // why it did not start is in there
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited) break;
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    _linesBeforeReady = File.ReadLines(LogFile).Count();
                    Table.Log($"host ready after {watch.Elapsed.TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (HttpRequestException) { } // not listening yet
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"The CaseHub host did not answer 200 on /health/ready within {ReadyTimeout.TotalSeconds} s" +
            $"{(_process.HasExited ? $" (exited with {_process.ExitCode})" : "")}; its log ends with:\n{Tail(40)}");
    }

    /// <summary>The last lines of the host's console, for a failed start or a 500.</summary>
    public string Tail(int lines) =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no log)";

    /// <summary>
    /// Lines the host logged at Error or Fatal (Serilog's console format: "[HH:mm:ss ERR] ...") once ready. Before,
    /// on PostgreSQL, EF logs two errors probing the database that migration is about to create: not the benchmark's concern.
    /// </summary>
    public List<string> ErrorLines() =>
        File.Exists(LogFile) ? File.ReadLines(LogFile).Skip(_linesBeforeReady).Where(l => l.Contains(" ERR]", StringComparison.Ordinal) || l.Contains(" FTL]", StringComparison.Ordinal)).ToList() : [];

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown hook, no flush, no goodbye to the database.</summary>
    public async Task KillAsync()
    {
        var pid = _process.Id;
        _process.Kill();
        await _process.WaitForExitAsync();
        _keepLog = true;
        Table.Log($"killed the host (pid {pid}) with SIGKILL");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        // A crash run disposes a killed host at once and again on its way out.
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        // Kept when the host logged errors, so the exception behind a 500 can be read after the run.
        if (ErrorLines().Count == 0 && !_keepLog) File.Delete(LogFile);
        else Table.Log($"kept the host log {LogFile}");
    }
}
