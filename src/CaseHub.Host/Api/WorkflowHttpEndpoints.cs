using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Identity;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Host.Api;

/// <summary>
/// <c>/workflows/&lt;path&gt;</c>: the requests <c>Elsa.HttpEndpoint</c> activities wait for or start on. Signed-in callers in the
/// role Channel or Administrator only (Elsa's endpoints are anonymous unless told otherwise; an island platform's are not).
/// </summary>
public static class WorkflowHttpEndpoints
{
    /// <summary>A workflow endpoint takes small JSON or text bodies; larger ones are refused before they are read.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    // Credentials never reach a workflow's outputs (they would be persisted with the instance).
    private static readonly HashSet<string> HiddenHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "X-Api-Key" };

    public static void MapWorkflowHttpEndpoints(this IEndpointRouteBuilder app) =>
        app.MapMethods("/workflows/{**path}", ["GET", "POST", "PUT", "PATCH", "DELETE"], HandleAsync)
            .RequireAuthorization(p => p.RequireRole(Roles.Channel, Roles.Administrator))
            .WithTags("Workflows").WithName("WorkflowHttpEndpoint").WithSummary("流程 HTTP 端点 / A request for the workflows' Elsa.HttpEndpoint activities");

    private static async Task<IResult> HandleAsync(string? path, HttpRequest request, WorkflowHttp http, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
            return TypedResults.Problem(statusCode: 413, title: "请求体过大 / The body is too large", detail: $"A workflow endpoint accepts at most {MaxBodyBytes} bytes.");
        var body = await ReadBodyAsync(request, ct);
        if (body.Error is { } error) return error;
        var query = new JsonObject();
        foreach (var (key, value) in request.Query) query[key] = value.Count == 1 ? value[0] : new JsonArray([.. value.Select(v => (JsonNode?)v)]);
        var headers = new JsonObject();
        foreach (var (key, value) in request.Headers.Where(h => !HiddenHeaders.Contains(h.Key))) headers[key] = value.ToString();

        var reached = await http.DeliverAsync(new WorkflowHttpRequest(request.Method, path ?? "", body.Value, query, headers), ct);
        if (reached.Count == 0)
            return TypedResults.Problem(statusCode: 404, title: "未找到 / Not found", detail: $"No workflow waits for {request.Method} /workflows/{path}.");
        if (reached.Select(r => r.HttpResponse).FirstOrDefault(r => r is not null) is not { } response)
            return TypedResults.Ok(new { instances = reached.Select(r => new { id = r.Id, status = r.Status.ToString() }) });
        var status = response["statusCode"]?.GetValue<int>() ?? 200;
        var contentType = response["contentType"]?.GetValue<string>() ?? "application/json";
        var content = response["content"] switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            var node => node.ToJsonString(),
        };
        return TypedResults.Text(content, contentType, Encoding.UTF8, status);
    }

    private static async Task<(JsonNode? Value, IResult? Error)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return (null, TypedResults.Problem(statusCode: 413, title: "请求体过大 / The body is too large", detail: $"A workflow endpoint accepts at most {MaxBodyBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return (null, null);
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true) return (JsonValue.Create(text), null);
        try
        {
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException e)
        {
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"请求体不是有效的 JSON / The body is not valid JSON: {e.Message}"] },
                title: "请求无效 / Invalid request"));
        }
    }
}
