using System.Net;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Activities;

/// <summary>
/// <c>Elsa.HttpEndpoint</c>: waits for a request to <c>/workflows/&lt;path&gt;</c> with one of <c>supportedMethods</c> (default GET);
/// with <c>canStartWorkflow</c> a matching request starts a new instance. The request becomes its outputs: <c>ParsedContent</c> (the
/// body, JSON when it parses), <c>QueryStringData</c>, <c>RouteData</c> (the <c>{name}</c> segments of the path) and <c>Headers</c>.
/// </summary>
internal sealed class HttpEndpointActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var path = HttpRoutes.Normalize(context.EvaluateText("path"));
        var methods = HttpRoutes.Methods(context.Evaluate("supportedMethods"));
        return ValueTask.FromResult(ActivityResult.Block(new BookmarkSpec(BookmarkKinds.Http, path,
            Payload: new JsonObject { ["methods"] = new JsonArray([.. methods.Select(m => (JsonNode)JsonValue.Create(m)!)]) })));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var request = resume.Payload as JsonObject;
        return ValueTask.FromResult(ActivityResult.Complete() with
        {
            Outputs = new Dictionary<string, JsonNode?>
            {
                ["ParsedContent"] = request?["body"]?.DeepClone(), ["QueryStringData"] = request?["query"]?.DeepClone(),
                ["RouteData"] = request?["route"]?.DeepClone(), ["Headers"] = request?["headers"]?.DeepClone(),
            },
        });
    }
}

/// <summary>
/// <c>Elsa.WriteHttpResponse</c>: the response to the request that started or resumed this step: <c>statusCode</c> (a name such as
/// <c>OK</c> or <c>NotFound</c>, or a number; default 200), <c>content</c> and <c>contentType</c> (default JSON for an object, text otherwise).
/// </summary>
internal sealed class WriteHttpResponseActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var status = StatusCode(context.EvaluateText("statusCode"));
        var content = context.Evaluate("content");
        var contentType = context.EvaluateText("contentType");
        (context.Effects ??= new Runtime.ActivityEffects()).HttpResponse = new JsonObject
        {
            ["statusCode"] = status, ["content"] = content?.DeepClone(),
            ["contentType"] = string.IsNullOrWhiteSpace(contentType) ? (content is JsonValue v && v.TryGetValue<string>(out _) ? "text/plain" : "application/json") : contentType,
        };
        return ValueTask.FromResult(ActivityResult.Complete());
    }

    private static int StatusCode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return 200;
        if (int.TryParse(text, out var number) && number is >= 100 and <= 599) return number;
        return Enum.TryParse<HttpStatusCode>(text.Trim(), ignoreCase: true, out var named)
            ? (int)named
            : throw new ExpressionException($"'{text}' is not an HTTP status code; use a name such as OK or NotFound, or a number.");
    }
}

/// <summary>How an endpoint's path and methods are read and matched: a path without slashes at its ends, lower case; <c>{name}</c> segments capture.</summary>
public static class HttpRoutes
{
    public static string Normalize(string? path) => (path ?? "").Trim().Trim('/').ToLowerInvariant();

    public static IReadOnlyList<string> Methods(JsonNode? value)
    {
        var methods = Values.ToList(value).Select(m => m.ToUpperInvariant()).Distinct().ToList();
        return methods.Count == 0 ? ["GET"] : methods;
    }

    /// <summary>The route values when <paramref name="path"/> matches <paramref name="template"/>, else null.</summary>
    public static JsonObject? Match(string template, string path)
    {
        var parts = template.Split('/');
        // Matched without regard to case, as ASP.NET's router does; route values keep the caller's case.
        var segments = path.Trim().Trim('/').Split('/');
        if (parts.Length != segments.Length) return null;
        var route = new JsonObject();
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is ['{', .., '}']) route[parts[i][1..^1].Split(':')[0]] = Uri.UnescapeDataString(segments[i]);
            else if (!string.Equals(parts[i], segments[i], StringComparison.OrdinalIgnoreCase)) return null;
        }
        return route;
    }
}
