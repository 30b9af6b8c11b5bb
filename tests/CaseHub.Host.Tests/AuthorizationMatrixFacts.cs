using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Cases;
using static CaseHub.Host.Tests.Infrastructure.CaseSetup;

namespace CaseHub.Host.Tests;

/// <summary>
/// Who may do what, as one table: every role × route (API and pages) × a record inside and outside the caller's
/// scope, with exactly the answer each must get. A cell is a status code, or for a list <c>in</c> / <c>out</c>:
/// answered 200 with the record listed or not. Pages are asked as a browser asks (the sign-in cookie, no redirects
/// followed), so an anonymous person's <c>302</c> to the login page is a cell too.
/// </summary>
public abstract class AuthorizationMatrixFacts(CaseHubFactory host)
{
    /// <summary>
    /// The records: <c>baisha</c> a hotline order on 白沙岛 (普陀区) waiting for 市卫健委 to accept it; <c>changbai</c> the same on
    /// 长白岛 (定海区); <c>proxy</c> an order the 白沙岛 station placed for a resident (not the hotline's); <c>-</c> none.
    /// </summary>
    private static readonly string[] Records = ["baisha", "changbai", "proxy"];

    private static readonly string[] Roles = ["anonymous", Admin, PutuoOfficer, PutuoCaseworker, DinghaiCaseworker, BaishaStaff, HealthProvider, "stranger", Hotline];

    // Columns:                                                   anon  admin officer  cw  dinghai staff health stranger hotline
    private static readonly (string Route, string Record, string Expected)[] Table =
    [
        ("GET /api/tickets/{ticket}",                   "baisha",   "401   200   200   200   404   200   200   404   200"),
        ("GET /api/tickets/{ticket}",                   "changbai", "401   200   404   404   200   404   200   404   200"),
        ("GET /api/tickets/{ticket}",                   "proxy",    "401   200   200   200   404   200   200   404   404"),
        ("GET /api/tickets/{ticket}/resident",          "baisha",   "401   200   200   200   404   200   200   404   403"),
        ("GET /api/tickets/{ticket}/resident",          "changbai", "401   200   404   404   200   404   200   404   403"),
        ("GET /api/tickets/{ticket}/resident",          "proxy",    "401   200   200   200   404   200   200   404   404"),
        ("LIST /api/tickets?q={number}",                "baisha",   "401   in    in    in    out   in    in    out   in"),
        ("LIST /api/tickets?q={number}",                "changbai", "401   in    out   out   in    out   in    out   in"),
        ("LIST /api/tickets?q={number}",                "proxy",    "401   in    in    in    out   in    in    out   out"),
        ("LIST /api/tasks?kind=dispatch&pageSize=500",  "baisha",   "401   out   out   out   out   out   in    out   out"),
        ("LIST /api/tasks?kind=dispatch&pageSize=500",  "changbai", "401   out   out   out   out   out   in    out   out"),
        ("POST /api/tasks/{task}/complete",             "baisha",   "401   403   403   403   404   403   400   404   404"),
        ("POST /api/tasks/{task}/complete",             "changbai", "401   403   404   404   403   404   400   404   404"),
        ("GET /api/workflows/instances/{instance}",     "baisha",   "401   200   403   403   403   403   403   403   403"),
        ("GET /api/audit/verify",                       "-",        "401   200   403   403   403   403   403   403   403"),
        // Who serves where is not personal: every signed-in caller may list the providers serving its place.
        ("GET /api/providers",                          "-",        "401   200   200   200   200   200   200   200   200"),
        ("POST /api/jurisdictions/baisha/suspensions",  "-",        "401   400   400   403   403   403   403   403   403"),
        // Places are public (the catalogue lists them): another county's island is 403, not 404.
        ("POST /api/jurisdictions/changbai/suspensions","-",        "401   400   403   403   403   403   403   403   403"),
        ("POST /api/catalog/items",                     "-",        "401   400   400   403   403   403   403   403   403"),
        // The island's station records a resident's rating for any of the island's tickets, as it does for its own.
        ("POST /api/tickets/{ticket}/feedback",         "baisha",   "401   403   403   403   404   400   403   404   400"),
        ("POST /api/tickets/{ticket}/feedback",         "proxy",    "401   403   403   403   404   400   403   404   404"),
        ("PAGE /tickets/{ticket}",                      "baisha",   "302   200   200   200   404   200   200   404   403"),
        ("PAGE /tickets/{ticket}",                      "changbai", "302   200   404   404   200   404   200   404   403"),
        ("PAGE /tickets/{ticket}",                      "proxy",    "302   200   200   200   404   200   200   404   403"),
        ("PAGE-LIST /tickets?q={number}",               "baisha",   "302   in    in    in    out   in    in    out   403"),
        ("PAGE-LIST /tickets?q={number}",               "changbai", "302   in    out   out   in    out   in    out   403"),
        ("PAGE-LIST /tasks?kind=dispatch",              "baisha",   "302   out   out   out   out   out   in    out   403"),
        ("PAGE /tasks",                                 "-",        "302   200   200   200   200   200   200   200   403"),
        ("PAGE /station",                               "-",        "302   403   403   403   403   200   403   403   403"),
        ("PAGE /station/order",                         "-",        "302   403   403   403   403   200   403   403   403"),
        ("PAGE /county",                                "-",        "302   200   200   403   403   403   403   403   403"),
        ("PAGE /kiosk?station=baisha-station",          "-",        "302   403   403   403   403   403   403   403   200"),
        // The job dashboard answers for itself (Hangfire's authorization filter): 401 without a sign-in.
        ("PAGE /hangfire",                              "-",        "401   200   403   403   403   403   403   403   403"),
    ];

    [Fact]
    public async Task EveryRole_GetsExactlyTheAnswerTheTableSays_OnEveryRouteAndRecord()
    {
        var records = new Dictionary<string, Record>
        {
            ["baisha"] = await RecordAsync(await host.ClientAsAsync(Hotline), Order()),
            ["changbai"] = await RecordAsync(await host.ClientAsAsync(Hotline), Order(place: "changbai")),
            ["proxy"] = await RecordAsync(await host.ClientAsAsync(BaishaStaff), Order(place: "baisha-station", channel: "station_proxy")),
        };
        var stranger = await NewProviderAsync(host, ["putuo", "dinghai"], []);
        await ProviderClientAsync(host, stranger);
        var callers = new Dictionary<string, (HttpClient Api, HttpClient Page)>();
        foreach (var role in Roles)
        {
            var email = role == "stranger" ? $"provider.{stranger}@casehub.test" : role;
            callers[role] = role == "anonymous"
                ? (host.CreateClient(), host.CreateClient(new() { AllowAutoRedirect = false }))
                : (await host.ClientAsAsync(email), await host.PersonAsync(email, followRedirects: false));
        }

        var mismatches = new List<string>();
        var cells = 0;
        foreach (var (route, record, expected) in Table)
        {
            var columns = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Roles.Length, columns.Length);
            var target = record == "-" ? null : records[record];
            for (var i = 0; i < Roles.Length; i++)
            {
                cells++;
                var (api, page) = callers[Roles[i]];
                var answer = await AnswerAsync(route, target, api, page);
                if (answer != columns[i]) mismatches.Add($"{route} [{record}] as {Roles[i]}: expected {columns[i]}, got {answer}");
            }
        }
        Assert.True(cells >= 250, $"only {cells} cells");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cells} cells differ:\n{string.Join("\n", mismatches)}");
    }

    private sealed record Record(string TicketId, string Number, string TaskId, string InstanceId);

    private async Task<Record> RecordAsync(HttpClient channel, Dictionary<string, object?> order)
    {
        var ticketId = await OrderAsync(channel, order);
        var ticket = await TicketAsync(await host.ClientAsAsync(Admin), ticketId);
        var task = OpenTasks(ticket).Single();
        Assert.Equal("dispatch", task.GetProperty("kind").GetString());
        return new(ticketId, ticket.GetProperty("number").GetString()!, task.GetProperty("id").GetString()!,
            ticket.GetProperty("workflowInstanceId").GetString()!);
    }

    /// <summary>The cell a request makes: its status, or for a 200 list whether the record is in it.</summary>
    private static async Task<string> AnswerAsync(string route, Record? record, HttpClient api, HttpClient page)
    {
        var (verb, template) = (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);
        var url = record is null ? template : template.Replace("{ticket}", record.TicketId).Replace("{number}", Uri.EscapeDataString(record.Number))
            .Replace("{task}", record.TaskId).Replace("{instance}", record.InstanceId);
        var client = verb.StartsWith("PAGE") ? page : api;
        // A body no route accepts (an outcome no task has, no rating, no dates): whoever may act is told what is
        // wrong (400), everybody else is refused first, and nothing changes.
        using var response = verb == "POST"
            ? await client.PostAsJsonAsync(url, new { outcome = "NoSuchOutcome" })
            : await client.GetAsync(url);
        var status = ((int)response.StatusCode).ToString();
        if (!verb.EndsWith("LIST") || status != "200") return status;
        var body = await response.Content.ReadAsStringAsync();
        return body.Contains(verb == "LIST" && url.Contains("/tasks") ? record!.TaskId : record!.TicketId) ? "in" : "out";
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAuthorizationMatrixFacts(SqliteHost host) : AuthorizationMatrixFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuthorizationMatrixFacts(PostgresHost host) : AuthorizationMatrixFacts(host);
