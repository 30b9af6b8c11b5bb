using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CaseHub.Benchmarks;

/// <summary>
/// <c>pages</c>: server time of the work pages a caseworker lives in — <c>/tasks</c> and <c>/tickets/{id}</c> —
/// with many tickets in the database, beside a same-run baseline: a bare GET on the same HTTP stack that reads
/// one row by key from the same database and writes a small HTML page. Tickets are placed through the API
/// (so each has its workflow, events and first task); the pages are read as a person does, with the sign-in cookie.
/// </summary>
internal static partial class PagesCommand
{
    private const int WarmUp = 30;

    public static async Task<int> RunAsync(Args args)
    {
        var kind = args.Provider();
        var count = args.Number("tickets", 10_000);
        var samples = args.Number("samples", 300);
        // An item that needs approval, so the caseworker's /tasks holds one open task per ticket.
        var service = args.Text("service", "eldercare.home_cleaning");
        var jurisdiction = args.Text("jurisdiction", "baisha");
        var user = args.Text("user", "putuo.caseworker@casehub.local");

        await using var database = new IntakeDatabase(kind, args);
        await using var host = await HostProcess.StartAsync(args.Text("host", IntakeCommand.DefaultHostDll()), database, traceSql: false);
        await database.CreateBaselineTableAsync();
        await using var baselineServer = await BaselineServer.StartAsync(database);

        using var api = await IntakeApi.SignInAsync(IntakeCommand.Client(host.BaseAddress));
        var intake = new HttpTarget("intake", api, n => IntakeApi.Ticket(n, service, jurisdiction), IntakeApi.CheckCreated);
        var ids = new string[count];
        var watch = Stopwatch.StartNew();
        await Measure.ParallelAsync(count, 8, async i =>
        {
            await intake.SendAsync(Stopwatch.GetTimestamp());
            if (intake.LastBody is { } body) ids[i] = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        });
        if (intake.Errors > 0) throw new InvalidOperationException($"{intake.Errors} of {count} orders failed: {intake.Statuses}");
        Table.Log($"{count:N0} tickets through the API in {watch.Elapsed.TotalSeconds:0} s ({intake.Statuses})");
        for (var i = 0; i < 200; i++) await database.InsertRowAsync($"<p>baseline row {i}</p>");

        using var person = await SignInWithCookieAsync(host.BaseAddress, user);
        using var baselineClient = IntakeCommand.Client(baselineServer.BaseAddress);
        var random = new Random(7);
        var targets = new[]
        {
            new HttpTarget("baseline", baselineClient, n => new HttpRequestMessage(HttpMethod.Get, $"{BaselineServer.Path}/{1 + n % 200}")),
            new HttpTarget("/tasks", person, _ => new HttpRequestMessage(HttpMethod.Get, "/tasks"), MustBe("data-task-id")),
            new HttpTarget("/tickets/{id}", person, _ => new HttpRequestMessage(HttpMethod.Get, $"/tickets/{ids[random.Next(count)]}"), MustBe("<h1")),
            new HttpTarget("/tickets", person, _ => new HttpRequestMessage(HttpMethod.Get, "/tickets"), MustBe("data-ticket-id")),
        };
        foreach (var t in targets) for (var i = 0; i < WarmUp; i++) await t.SendAsync(Stopwatch.GetTimestamp());

        // One request at a time, the targets taking turns: a noisy neighbour weighs on all alike.
        var times = targets.ToDictionary(t => t, _ => new List<double>(samples));
        for (var i = 0; i < samples; i++)
            foreach (var t in targets) times[t].Add(await t.SendAsync(Stopwatch.GetTimestamp()));

        var baseline = times[targets[0]].Order().ToList();
        var table = new Table("Request", "Samples", "p50", "p95", "p99", "p50 ÷ baseline", "p95 ÷ baseline", "Errors");
        foreach (var t in targets)
        {
            var sorted = times[t].Order().ToList();
            table.Row(t == targets[0] ? "Baseline: GET, one row by key, small HTML" : $"GET {t.Name}", sorted.Count,
                Measure.Ms(Measure.Percentile(sorted, 50)), Measure.Ms(Measure.Percentile(sorted, 95)), Measure.Ms(Measure.Percentile(sorted, 99)),
                $"×{Measure.Percentile(sorted, 50) / Measure.Percentile(baseline, 50):0.0}", $"×{Measure.Percentile(sorted, 95) / Measure.Percentile(baseline, 95):0.0}", t.Errors);
        }
        table.Print($"Work pages, {kind} ({await database.CommitModeAsync()}): {count:N0} tickets, signed in as {user}, sequential");
        return targets.Sum(t => t.Errors) == 0 ? 0 : 1;
    }

    /// <summary>The sign-in form as a browser sends it: the antiforgery token from the page, then email and password.</summary>
    private static async Task<HttpClient> SignInWithCookieAsync(Uri baseAddress, string email)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var form = await client.GetStringAsync("/account/login");
        var token = TokenInput().Match(form);
        if (!token.Success) throw new InvalidOperationException("/account/login has no antiforgery token.");
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = IntakeApi.DemoPassword, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email}: {(int)response.StatusCode}, expected a redirect");
        return client;
    }

    /// <summary>A page that answered 200 without what it is for (a sign-in page, an empty list) is an error.</summary>
    private static Func<string, string?> MustBe(string marker) => body => body.Contains(marker, StringComparison.Ordinal) ? null : $"200 without '{marker}'";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
