using System.Diagnostics;

namespace CaseHub.Host.Infrastructure;

/// <summary>
/// Times the start-up stages and logs them in one line once the host listens, so a slow start says where its
/// time went (scripts/measure-startup.sh measures the whole; this line splits it).
/// </summary>
public sealed class StartupTimings
{
    private readonly List<string> _stages = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task StageAsync(string name, Func<Task> stage)
    {
        var start = _clock.Elapsed;
        await stage();
        Record(name, start);
    }

    public T Stage<T>(string name, Func<T> stage)
    {
        var start = _clock.Elapsed;
        var result = stage();
        Record(name, start);
        return result;
    }

    public void Stage(string name, Action stage) => Stage(name, () => { stage(); return 0; });

    private void Record(string name, TimeSpan start) => _stages.Add($"{name} {(_clock.Elapsed - start).TotalMilliseconds:0} ms");

    /// <summary>Logs the stages, and the time since the process started, when the server starts listening.</summary>
    public void LogWhenStarted(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var sinceLaunch = DateTime.Now - Process.GetCurrentProcess().StartTime;
        app.Logger.LogInformation("Listening {SinceLaunch:0} ms after launch; start-up stages: {Stages}",
            sinceLaunch.TotalMilliseconds, string.Join(", ", _stages));
    });
}
