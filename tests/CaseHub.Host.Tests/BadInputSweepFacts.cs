using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseHub.Core.Data;
using CaseHub.Core.Tickets;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Cases;

namespace CaseHub.Host.Tests;

/// <summary>
/// The bad-input sweep an outside tester runs, kept as the project's own test: every operation of
/// <c>/openapi/v1.json</c>, and every work page, is sent missing, wrong-typed, oversized, malformed, non-well-formed
/// Unicode, control-character and unknown-id inputs, anonymously and signed in. Each answer must be below 500, a 4xx
/// from the API must be problem details, and a refused request must leave every table as it was (row counts).
/// </summary>
public abstract partial class BadInputSweepFacts(CaseHubFactory host)
{
    // No %00 in a path: the test server refuses it before sending (Kestrel answers it 400 itself).
    private static readonly string[] BadIds = ["no-such-id", Guid.NewGuid().ToString(), "%ED%A0%80", "%0D%0Aforged", new string('a', 3000), "..%2F..%2Fetc", "%E2%80%AE1"];
    private static readonly string[] BadQueryValues = ["abc", "-1", "0", "99999999999999999999", "%00", "%ED%A0%80", "%1B%5B2J", new string('9', 3000), "2026-13-45"];
    private static readonly JsonNode?[] BadValues =
    [
        null, 12345, -1, 1e308, true, "", "x", new JsonArray(), new JsonObject(), "\ud800", "a\u0000b", "\u001b[2J清屏", new string('长', 100_000),
        "9999-99-99T99:99:99", "13７1234５678",
    ];

    [Fact]
    public async Task EveryApiOperation_RefusesBadInputWith4xxProblemDetails_AndChangesNothing()
    {
        var ids = await KnownIdsAsync();
        var admin = await host.ClientAsAsync(Admin);
        var document = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json")).RootElement;
        var callers = new (string Name, HttpClient Client)[] { ("anonymous", host.CreateClient()), ("administrator", admin), ("channel", await host.ClientAsAsync(Hotline)) };

        var failures = new List<string>();
        var requests = 0;
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("responses", out _)))
            {
                operations++;
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                foreach (var probe in Probes(document, path.Name, operation.Value, ids))
                    foreach (var (who, client) in callers)
                    {
                        // Anonymous callers are refused before any input is read: the ids and queries are enough for them.
                        if (who == "anonymous" && probe.What.Contains('=')) continue;
                        requests++;
                        var failure = await SendAsync(client, method, probe);
                        if (failure is not null) failures.Add($"{who} {method} {Shorten(probe.Url)} [{probe.What}]: {failure}");
                    }
            }
        Assert.True(operations >= 30, $"only {operations} operations in the OpenAPI document");
        Assert.True(requests >= 2_000, $"only {requests} requests were sent");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests over {operations} operations failed:\n{string.Join("\n", failures.Take(60))}");
    }

    [Fact]
    public async Task EveryWorkPage_AnswersBadQueriesAndIdsBelow500()
    {
        var ids = await KnownIdsAsync();
        var pages = new[] { "/", "/tasks", "/tickets", $"/tickets/{ids["tickets"]}", "/station", "/station/order", "/kiosk", "/county", "/account/login" };
        var keys = new[] { "status", "serviceCode", "jurisdictionId", "channel", "q", "page", "kind", "from", "to", "station", "phone", "code", "lang", "ReturnUrl", "handler" };
        var people = new (string Name, HttpClient Client)[]
        {
            ("anonymous", host.CreateClient()), ("administrator", await host.PersonAsync(Admin)), ("station staff", await host.PersonAsync(BaishaStaff)),
            ("provider", await host.PersonAsync(HealthProvider)), ("channel", await host.PersonAsync(Hotline)),
        };
        var failures = new List<string>();
        var requests = 0;
        foreach (var (who, client) in people)
        {
            // Every key at once with the same bad value: a page reads the keys it knows and must survive the rest.
            var urls = pages.SelectMany(page => BadQueryValues.Select(v => $"{page}?{string.Join('&', keys.Select(k => $"{k}={v}"))}"))
                .Concat(BadIds.Select(id => $"/tickets/{id}")).Concat(BadIds.Select(id => $"/kiosk?station={id}"));
            foreach (var url in urls)
            {
                requests++;
                var response = await client.GetAsync(url);
                if ((int)response.StatusCode >= 500) failures.Add($"{who} GET {Shorten(url)}: {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} page requests failed:\n{string.Join("\n", failures.Take(60))}");
    }

    [Fact]
    public async Task ANulInAQueryValue_IsA400NamingTheKey_BeforeTheDatabaseSeesIt()
    {
        // Found by the sweep: PostgreSQL refuses text with U+0000, so ?jurisdictionId=%00 was a 500 there.
        var response = await (await host.ClientAsAsync(Admin)).GetAsync("/api/catalog?jurisdictionId=%00");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("U+0000", errors.GetProperty("jurisdictionId")[0].GetString());
    }

    [Fact]
    public async Task ANulInAPagesQuery_IsTheFriendly400Page()
    {
        var response = await (await host.PersonAsync(BaishaStaff)).GetAsync("/tasks?kind=%00");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync());
    }

    private sealed record Probe(string What, string Url, HttpContent? Body);

    /// <summary>The row counts after the last request: a refused request must leave them as they are.</summary>
    private Dictionary<string, long>? counted;

    private async Task<string?> SendAsync(HttpClient client, HttpMethod method, Probe probe)
    {
        var before = counted ??= await RowCountsAsync();
        using var request = new HttpRequestMessage(method, probe.Url) { Content = probe.Body is null ? null : await CopyAsync(probe.Body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var after = counted = await RowCountsAsync();
        if (status >= 500) return $"{status} {Shorten(text)}";
        if (status < 400 || status == 429) return null;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" && status is not (401 or 403 or 405))
            return $"{status} without problem details: '{Shorten(text)}'";
        var changed = before.Where(p => after[p.Key] != p.Value).Select(p => $"{p.Key} {p.Value}→{after[p.Key]}").ToList();
        return changed.Count == 0 ? null : $"{status} but changed {string.Join(", ", changed)}";
    }

    /// <summary>Content can be sent once; each caller gets a fresh copy of the same bytes and headers.</summary>
    private static async Task<HttpContent> CopyAsync(HttpContent content)
    {
        var copy = new ByteArrayContent(await content.ReadAsByteArrayAsync());
        foreach (var header in content.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return copy;
    }

    private IEnumerable<Probe> Probes(JsonElement document, string template, JsonElement operation, IReadOnlyDictionary<string, string> ids)
    {
        var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
        var query = parameters.Where(q => q.GetProperty("in").GetString() == "query").ToList();
        string Url(string? badParameter = null, string? badValue = null, string? badQuery = null, string? badQueryValue = null)
        {
            var url = PathParameter().Replace(template, m =>
                m.Groups[1].Value == badParameter ? badValue! : Uri.EscapeDataString(KnownId(ids, template, m.Index, m.Groups[1].Value)));
            var pairs = query.Select(q => q.GetProperty("name").GetString()!)
                .Select(n => n == badQuery ? $"{n}={badQueryValue}" : $"{n}={Uri.EscapeDataString(SampleQuery(document, query.First(q => q.GetProperty("name").GetString() == n)))}");
            return query.Count == 0 ? url : $"{url}?{string.Join('&', pairs)}";
        }

        var schema = operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out var json)
            ? json.GetProperty("schema") : (JsonElement?)null;
        JsonNode? Sample() => schema is { } s ? SampleOf(document, s, ids, depth: 0) : null;
        HttpContent? Json(JsonNode? node) => schema is null ? null : Http.Json(node?.ToJsonString() ?? "null");

        yield return new("sample", Url(), Json(Sample()));
        foreach (var name in PathParameter().Matches(template).Select(m => m.Groups[1].Value))
            foreach (var bad in BadIds) yield return new($"path {name}", Url(name, bad), Json(Sample()));
        foreach (var name in query.Select(q => q.GetProperty("name").GetString()!))
            foreach (var bad in BadQueryValues) yield return new($"query {name}", Url(badQuery: name, badQueryValue: bad), Json(Sample()));
        if (schema is null) yield break;

        foreach (var raw in new[] { "", "null", "[]", "\"text\"", "42", "{", "{\"a\":", "[1,2", "\u0000", "{\"a\":\"\\ud800\"}" })
            yield return new($"body {Shorten(raw)}", Url(), Http.Json(raw));
        yield return new("no body", Url(), null);
        yield return new("text/plain body", Url(), new StringContent(Sample()?.ToJsonString() ?? "{}", Encoding.UTF8, "text/plain"));
        yield return new("2 MB body", Url(), Http.Json($"{{\"x\":\"{new string('a', 2_100_000)}\"}}"));
        if (Sample() is JsonObject sample)
        {
            // Each property, at the top and one level down, replaced by each bad value; and named twice.
            foreach (var (pathToProperty, _) in Properties(sample))
            {
                foreach (var bad in BadValues)
                {
                    var mutated = Sample()!.AsObject();
                    Set(mutated, pathToProperty, bad?.DeepClone());
                    yield return new($"{string.Join('.', pathToProperty)} = {Shorten(bad?.ToJsonString() ?? "null")}", Url(), Json(mutated));
                }
                var once = Sample()!.ToJsonString();
                var key = pathToProperty[^1];
                yield return new($"{string.Join('.', pathToProperty)} twice", Url(), Http.Json(once.Replace($"\"{key}\":", $"\"{key}\":\"dup\",\"{key}\":")));
            }
            var unknown = Sample()!.AsObject();
            unknown["unknownField\u0000"] = "x";
            yield return new("unknown key", Url(), Json(unknown));
        }
    }

    private static IEnumerable<(string[] Path, JsonNode? Value)> Properties(JsonObject sample)
    {
        foreach (var (name, value) in sample)
        {
            yield return ([name], value);
            if (value is JsonObject child)
                foreach (var (inner, innerValue) in child) yield return ([name, inner], innerValue);
        }
    }

    private static void Set(JsonObject target, string[] path, JsonNode? value)
    {
        var parent = path.Length == 1 ? target : target[path[0]]!.AsObject();
        parent[path[^1]] = value;
    }

    /// <summary>A plausible value for each field of the schema, so that the bad value in one field is what gets refused.</summary>
    private static JsonNode? SampleOf(JsonElement document, JsonElement schema, IReadOnlyDictionary<string, string> ids, int depth, string? name = null)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return SampleOf(document, Resolve(document, reference.GetString()!), ids, depth, name);
        if (name is not null && ids.TryGetValue("field:" + name, out var known)) return known;
        var types = schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToArray() : [type.GetString()]
            : schema.TryGetProperty("properties", out _) ? ["object"] : [];
        if (schema.TryGetProperty("enum", out var values)) return JsonNode.Parse(values.EnumerateArray().First(v => v.ValueKind != JsonValueKind.Null).GetRawText());
        if (types.Contains("object") && schema.TryGetProperty("properties", out var properties) && depth < 3)
        {
            var result = new JsonObject();
            foreach (var property in properties.EnumerateObject())
                result[property.Name] = SampleOf(document, property.Value, ids, depth + 1, property.Name);
            return result;
        }
        if (types.Contains("array")) return new JsonArray(schema.TryGetProperty("items", out var items) ? SampleOf(document, items, ids, depth + 1) : null);
        if (types.Contains("integer") || types.Contains("number")) return 1;
        if (types.Contains("boolean")) return true;
        if (types.Contains("string"))
            return schema.TryGetProperty("format", out var format) ? format.GetString() switch
            {
                "uuid" => Guid.NewGuid().ToString(), "date-time" => "2026-12-07T09:00:00+08:00", "date" => "2026-12-07", _ => "示例",
            } : "示例";
        return new JsonObject();
    }

    private static JsonElement Resolve(JsonElement document, string reference) =>
        reference.TrimStart('#', '/').Split('/').Aggregate(document, (node, segment) => node.GetProperty(segment));

    private static string SampleQuery(JsonElement document, JsonElement parameter) =>
        parameter.TryGetProperty("schema", out var schema) && SampleOf(document, schema, new Dictionary<string, string>(), 0) is JsonValue value
            ? value.ToString() : "1";

    /// <summary>A real id for a path parameter, chosen by the collection the parameter follows (tickets/{id}, catalog/{code}...).</summary>
    private static string KnownId(IReadOnlyDictionary<string, string> ids, string template, int index, string parameter)
    {
        var collection = template[..index].TrimEnd('/').Split('/')[^1];
        return ids.TryGetValue(collection, out var id) ? id : ids.TryGetValue(parameter, out var byName) ? byName : "x";
    }

    private async Task<IReadOnlyDictionary<string, string>> KnownIdsAsync()
    {
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order());
        var taskId = await TaskIdAsync(await host.ClientAsAsync(HealthProvider), ticketId, "dispatch");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var instanceId = await db.Set<Ticket>().Where(t => t.Id == Guid.Parse(ticketId)).Select(t => t.WorkflowInstanceId).SingleAsync();
        var providers = JsonDocument.Parse(await (await host.ClientAsAsync(Admin)).GetStringAsync("/api/providers")).RootElement;
        return new Dictionary<string, string>
        {
            ["tickets"] = ticketId, ["tasks"] = taskId, ["instances"] = instanceId?.ToString() ?? "x",
            ["jurisdictions"] = "baisha", ["overrides"] = "baisha", ["modules"] = "health", ["catalog"] = HealthItem, ["items"] = HealthItem,
            ["providers"] = providers[0].GetProperty("id").GetString()!,
            ["definitions"] = "casehub.direct-dispatch",
            ["events"] = "go", ["timers"] = "x",
            ["field:serviceCode"] = HealthItem, ["field:jurisdictionId"] = "baisha", ["field:channel"] = "hotline",
            ["field:phone"] = NewPhone(), ["field:email"] = "nobody@casehub.local",
        };
    }

    /// <summary>The number of rows in every table of the model: what a refused request must not change.</summary>
    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order().ToList();
        var sql = "SELECT " + string.Join(", ", tables.Select((t, i) => $"(SELECT count(*) FROM \"{t}\") AS c{i}"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var counts = tables.Select((t, i) => (t, reader.GetInt64(i))).ToDictionary(x => x.t, x => x.Item2);
        // The sealer moves audit entries from pending to sealed at any moment: their sum is what a request changes.
        counts["AuditEntries"] += counts.Remove("PendingAuditEntries", out var pending) ? pending : 0;
        return counts;
    }

    private static string Shorten(string s) => s.Length <= 160 ? s : $"{s[..160]}…({s.Length} chars)";

    [GeneratedRegex(@"\{([A-Za-z]+)(?::[^}]*)?\}")]
    private static partial Regex PathParameter();
}

public sealed class SqliteBadInputSweepFacts(SqliteHost host) : BadInputSweepFacts(host), IClassFixture<SqliteHost>;

public sealed class PostgresBadInputSweepFacts(PostgresHost host) : BadInputSweepFacts(host), IClassFixture<PostgresHost>;
