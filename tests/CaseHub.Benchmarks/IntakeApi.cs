using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CaseHub.Benchmarks;

/// <summary>What the <c>intake</c> command says to CaseHub, through its public HTTP API only (docs: shared/contracts/http-api.md).</summary>
internal static class IntakeApi
{
    public const string DemoPassword = "CaseHub!2026";
    public const string ChannelUser = "hotline@casehub.local";
    public const string Channel = "hotline";

    /// <summary>
    /// Residents are found by phone or created: cycling through this many numbers creates them on the
    /// first pass and finds them afterwards, as a hotline with returning callers would.
    /// </summary>
    public const int DistinctPhones = 1000;

    private static readonly JsonSerializerOptions Web = JsonSerializerOptions.Web;

    /// <summary>One client for the whole run, signed in as the hotline's channel account (bearer token).</summary>
    public static async Task<HttpClient> SignInAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = ChannelUser, password = DemoPassword });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Login as {ChannelUser}: {(int)response.StatusCode} {body}");
        var token = JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Fails early when the service is not orderable at the place; says whether it needs approval (another workflow).</summary>
    public static async Task<bool> NeedsApprovalAsync(HttpClient client, string service, string jurisdiction)
    {
        var items = await client.GetFromJsonAsync<JsonElement>($"/api/catalog?jurisdictionId={Uri.EscapeDataString(jurisdiction)}");
        foreach (var item in items.EnumerateArray())
            if (item.GetProperty("code").GetString() == service && item.GetProperty("enabled").GetBoolean())
                return item.GetProperty("needsApproval").GetBoolean();
        throw new ArgumentException($"'{service}' is not an enabled service at '{jurisdiction}' (GET /api/catalog?jurisdictionId={jurisdiction}).");
    }

    /// <summary>Order number <paramref name="n"/>: its own Idempotency-Key, so none is a replay.</summary>
    public static HttpRequestMessage Ticket(int n, string service, string jurisdiction)
    {
        var caller = n % DistinctPhones;
        var body = JsonSerializer.Serialize(new
        {
            serviceCode = service,
            jurisdictionId = jurisdiction,
            channel = Channel,
            resident = new { name = $"测试居民{caller:D4}", phone = $"139{caller:D8}" },
            form = new { details = $"热线来电 #{n}：家电需要上门检修", preferredDate = "2026-12-01" },
        }, Web);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", $"bench-{Guid.NewGuid():N}");
        return request;
    }

    /// <summary>A 201 must carry a started workflow; anything else is a failure the rate must not hide.</summary>
    public static string? CheckCreated(string body)
    {
        var ticket = JsonDocument.Parse(body).RootElement;
        return ticket.TryGetProperty("workflowInstanceId", out var wf) && wf.ValueKind == JsonValueKind.String
               && ticket.TryGetProperty("status", out var status) && status.GetString() != "Submitted"
            ? null
            : "201 without a started workflow";
    }

    /// <summary>Tickets visible to the hotline account (its home is the whole city): the <c>total</c> of one page.</summary>
    public static async Task<int> TicketTotalAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tickets?pageSize=1")).GetProperty("total").GetInt32();

    /// <summary>One ticket as GET /api/tickets/{id} shows it, summarised for the log.</summary>
    public static async Task<string> DescribeAsync(HttpClient client, string id)
    {
        var t = await client.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        return $"{t.GetProperty("number").GetString()} {t.GetProperty("status").GetString()}, workflow {t.GetProperty("workflowInstanceId")}, " +
               $"{t.GetProperty("events").GetArrayLength()} events, {t.GetProperty("tasks").GetArrayLength()} tasks";
    }
}
