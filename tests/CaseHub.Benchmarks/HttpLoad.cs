using System.Collections.Concurrent;
using System.Diagnostics;

namespace CaseHub.Benchmarks;

/// <summary>
/// One kind of request under load. Every response that is not 2xx, or whose body fails
/// <paramref name="check"/>, is an error: counted, and the first one printed on stderr, so a rate can
/// never be made of failures.
/// <paramref name="answered"/>, when given, sees every answer's status and body (0 and the error for no answer).
/// </summary>
internal sealed class HttpTarget(string name, HttpClient client, Func<int, HttpRequestMessage> request, Func<string, string?>? check = null,
    Action<int, string>? answered = null)
{
    private int _next = -1;
    private int _errors;
    private readonly ConcurrentDictionary<int, int> _statuses = new();

    public string Name => name;
    public int Errors => _errors;
    public int Status(int code) => _statuses.GetValueOrDefault(code);
    public string Statuses => string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));

    /// <summary>The body of the last good answer (the intake's last ticket, to look at afterwards).</summary>
    public string? LastBody { get; private set; }

    /// <summary>Sends the next request; milliseconds from <paramref name="since"/> (a Stopwatch timestamp) to the whole answer read.</summary>
    public async Task<double> SendAsync(long since)
    {
        using var message = request(Interlocked.Increment(ref _next));
        string? problem;
        try
        {
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            _statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            answered?.Invoke((int)response.StatusCode, body);
            problem = response.IsSuccessStatusCode ? check?.Invoke(body) : $"{(int)response.StatusCode} {body}";
            if (problem is null) LastBody = body;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            answered?.Invoke(0, e.Message);
            problem = $"no answer: {e.Message}";
        }
        var ms = Stopwatch.GetElapsedTime(since).TotalMilliseconds;
        if (problem is not null && Interlocked.Increment(ref _errors) == 1)
            Table.Log($"first error from {name}: {problem}");
        return ms;
    }
}

/// <summary>Requests sent, their wall time and latencies (ms), and how many failed.</summary>
internal sealed record LoadResult(int Requests, TimeSpan Wall, List<double> Latencies, int Errors, double MaxLagMs = 0)
{
    public double Rate => Requests / Wall.TotalSeconds;

    public static LoadResult Sum(IReadOnlyList<LoadResult> parts) =>
        new(parts.Sum(p => p.Requests), TimeSpan.FromTicks(parts.Sum(p => p.Wall.Ticks)), [.. parts.SelectMany(p => p.Latencies)], parts.Sum(p => p.Errors));

    public double Percentile(double p)
    {
        var sorted = Latencies.Order().ToList();
        return Measure.Percentile(sorted, p);
    }
}

internal static class HttpLoad
{
    /// <summary>Closed loop: <paramref name="concurrency"/> clients, each sending its next request when the previous answer is in.</summary>
    public static async Task<LoadResult> ClosedAsync(HttpTarget target, int count, int concurrency)
    {
        var latencies = new double[count];
        var errors = target.Errors;
        var wall = await Measure.ParallelAsync(count, concurrency, async i => latencies[i] = await target.SendAsync(Stopwatch.GetTimestamp()));
        return new LoadResult(count, wall, [.. latencies], target.Errors - errors);
    }

    /// <summary>
    /// Open loop: request i is sent at start + i/rate by the wall clock whether or not earlier ones were
    /// answered, and its latency runs from that scheduled moment. A server that falls behind then shows
    /// as latency instead of silently slowing the senders down (coordinated omission).
    /// </summary>
    public static async Task<LoadResult> OpenAsync(HttpTarget target, int rate, int seconds)
    {
        var total = rate * seconds;
        var sends = new Task<double>[total];
        var errors = target.Errors;
        var start = Stopwatch.GetTimestamp();
        var maxLag = 0.0;
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            maxLag = Math.Max(maxLag, Stopwatch.GetElapsedTime(due).TotalMilliseconds);
            // Task.Run: connecting and serialising must not hold up the schedule.
            sends[i] = Task.Run(() => target.SendAsync(due));
        }
        var sending = Stopwatch.GetElapsedTime(start);
        var latencies = await Task.WhenAll(sends);
        return new LoadResult(total, sending, [.. latencies], target.Errors - errors, maxLag);
    }
}
