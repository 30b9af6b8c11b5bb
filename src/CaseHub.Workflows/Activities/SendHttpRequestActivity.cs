using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Activities;

/// <summary>
/// <c>Elsa.SendHttpRequest</c> and <c>Elsa.FlowSendHttpRequest</c>: calls <c>url</c> with <c>method</c> (default GET), <c>content</c>,
/// <c>contentType</c> and <c>authorization</c>, only to a host listed in <c>Workflows:AllowedHttpHosts</c> (no request to anything a
/// script makes up: an unlisted literal URL is refused at save, any other at run time). Redirects are not followed, since one could
/// lead to a host not listed. Outputs <c>StatusCode</c>, <c>ParsedContent</c> (JSON when it parses) and <c>ResponseHeaders</c>. The flow
/// variant continues through the status code when it is one of <c>expectedStatusCodes</c> (else <c>Unmatched status code</c>), and
/// <c>Done</c>; a connection that fails goes to <c>Failed to connect</c>, one that takes too long to <c>Timeout</c>.
/// </summary>
internal sealed class SendHttpRequestActivity(HttpAllowList allowList, bool flow, HttpMessageHandler? handler = null) : IActivity
{
    public const int MaxResponseBytes = 1024 * 1024;
    public const string Unmatched = "Unmatched status code", FailedToConnect = "Failed to connect", TimedOut = "Timeout";

    private readonly HttpClient _client = new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var url = context.EvaluateText("url");
        if (allowList.Refusal(url) is { } refusal) throw new ExpressionException(refusal);
        using var request = new HttpRequestMessage(new HttpMethod((context.EvaluateText("method") ?? "GET").Trim().ToUpperInvariant()), url);
        var content = context.Evaluate("content");
        if (content is not null)
            request.Content = new StringContent(Values.ToText(content) ?? "", Encoding.UTF8, context.EvaluateText("contentType") ?? (content is JsonValue v && v.TryGetValue<string>(out _) ? "text/plain" : "application/json"));
        if (context.EvaluateText("authorization") is { Length: > 0 } authorization) request.Headers.TryAddWithoutValidation("Authorization", authorization);

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException e) when (flow)
        {
            return ActivityResult.Complete(FailedToConnect) with { Outputs = new Dictionary<string, JsonNode?> { ["StatusCode"] = null, ["ParsedContent"] = e.Message } };
        }
        catch (TaskCanceledException) when (flow)
        {
            return ActivityResult.Complete(TimedOut);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var outputs = new Dictionary<string, JsonNode?>
            {
                ["StatusCode"] = status, ["ParsedContent"] = await ReadAsync(response), ["ResponseHeaders"] = Headers(response.Headers, response.Content.Headers),
            };
            if (!flow) return ActivityResult.Complete() with { Outputs = outputs };
            var expected = Values.ToList(context.Evaluate("expectedStatusCodes"));
            string[] outcomes = expected.Count == 0 ? ["Done"] : [expected.Contains(status.ToString()) ? status.ToString() : Unmatched, "Done"];
            return ActivityResult.Complete(outcomes) with { Outputs = outputs };
        }
    }

    /// <summary>The flow variant's ports: one per expected status code (a literal list), the fixed ones besides.</summary>
    public static IReadOnlyList<string> Ports(Definitions.ActivityNode node) => Values.LiteralList(node.Input("expectedStatusCodes"));

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes) throw new ExpressionException($"The response is larger than {MaxResponseBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return null;
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        try { return JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException) { return JsonValue.Create(text); }
    }

    private static JsonObject Headers(params HttpHeaders[] groups)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in groups.SelectMany(g => g)) headers[name] = string.Join(", ", values);
        return headers;
    }
}

/// <summary>The hosts the HTTP request activities may call (<c>Workflows:AllowedHttpHosts</c>): exact names, or <c>*.example.org</c> for its subdomains.</summary>
public sealed class HttpAllowList(IEnumerable<string>? hosts)
{
    private readonly string[] _hosts = [.. (hosts ?? []).Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0)];

    /// <summary>Why <paramref name="url"/> may not be called (bilingual), or null when its host is listed.</summary>
    public string? Refusal(string? url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"'{url}' 不是 http(s) 地址 / '{url}' is not an absolute http or https URL.";
        var host = uri.IdnHost.ToLowerInvariant();
        if (_hosts.Any(h => h == host || (h.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(h[1..], StringComparison.Ordinal)))) return null;
        return $"主机 '{host}' 不在允许列表 Workflows:AllowedHttpHosts 中 / The host '{host}' is not listed in Workflows:AllowedHttpHosts, so workflows may not call it.";
    }
}
