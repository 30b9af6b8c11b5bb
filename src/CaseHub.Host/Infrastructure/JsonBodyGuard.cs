using System.Text;
using System.Text.Json;
using CaseHub.Core.Text;

namespace CaseHub.Host.Infrastructure;

/// <summary>
/// Reads every JSON body sent to the API once, before anything binds it, and refuses — 400, naming the field —
/// what no handler should ever see: a string that is not well-formed Unicode (a lone UTF-16 surrogate such as
/// <c>"\ud800"</c>, which passes the parser and then breaks the database or a response header), a control
/// character other than tab and line breaks (NUL, ESC, a terminal sequence), and an object that names the same
/// key twice (which of the two values counts would be the parser's accident).
/// </summary>
public static class JsonBodyGuard
{
    public static IApplicationBuilder UseJsonBodyGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        // A query value is one line of text on every route, API or page: a NUL in ?jurisdictionId= reached PostgreSQL
        // (which refuses it with an exception, a 500) before any validator saw it.
        if (BadQuery(request.Query) is { } query)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            if (!request.IsApi()) return; // the theme's 400 page (status-code re-execute)
            await WriteAsync(context, query);
            return;
        }
        if (!request.IsApi() || request.ContentType is not { } type || !type.Contains("json", StringComparison.OrdinalIgnoreCase)
            || HttpMethods.IsGet(request.Method))
        {
            await next(context);
            return;
        }
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        request.Body.Position = 0;
        if (Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } error)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteAsync(context, error);
            return;
        }
        await next(context);
    });

    private static ValueTask WriteAsync(HttpContext context, Refusal error) =>
        context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(new Dictionary<string, string[]> { [error.Field] = [error.Message] })
            {
                Status = 400, Title = "请求内容无效 / Invalid characters or keys in the request",
            },
        });

    /// <summary>The first query key or value that is not one clean line of text.</summary>
    public static Refusal? BadQuery(IQueryCollection query)
    {
        foreach (var (key, values) in query)
        {
            if (PlainText.Check(key, multiLine: false) is { } keyProblem) return new("query", $"查询参数名{keyProblem.Zh} / A query key {keyProblem.En}");
            foreach (var value in values)
                if (PlainText.Check(value, multiLine: false) is { } problem) return new(key, $"{problem.Zh} / {problem.En}");
        }
        return null;
    }

    public sealed record Refusal(string Field, string Message);

    /// <summary>The first thing wrong with the document, or null; malformed JSON is left to the binder's own 400.</summary>
    public static Refusal? Check(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new List<string>();          // property names and [i] of the open containers
        var keys = new List<HashSet<string>?>(); // per open container: the keys seen (null for arrays)
        var indexes = new List<int>();
        string? pending = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var (name, unreadable) = Read(ref reader);
                        pending = name;
                        if ((unreadable ?? Bad(name)) is { } nameProblem) return new(Where(path, name), $"键名{nameProblem} / The key {nameProblem.En}");
                        if (!keys[^1]!.Add(name)) return new(Where(path, name), $"重复的键 \"{name}\" / The key \"{name}\" appears twice in one object");
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Add(Segment(keys, indexes, pending));
                        pending = null;
                        keys.Add(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null);
                        indexes.Add(0);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        keys.RemoveAt(keys.Count - 1);
                        indexes.RemoveAt(indexes.Count - 1);
                        if (indexes.Count > 0 && keys[^1] is null) indexes[^1]++;
                        break;
                    case JsonTokenType.String:
                        var field = Where(path, Segment(keys, indexes, pending));
                        if (keys.Count > 0 && keys[^1] is null) indexes[^1]++;
                        pending = null;
                        var (value, broken) = Read(ref reader);
                        if ((broken ?? Bad(value)) is { } problem) return new(field, $"{problem} / {problem.En}");
                        break;
                    default:
                        if (keys.Count > 0 && keys[^1] is null) indexes[^1]++;
                        pending = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null; // not JSON at all: the binder answers 400 with the position
        }
        return null;
    }

    /// <summary>The string at the reader; an escape that decodes to no valid text (a lone surrogate) is a problem, not an exception.</summary>
    private static (string Value, Problem? Unreadable) Read(ref Utf8JsonReader reader)
    {
        try { return (reader.GetString()!, null); }
        catch (InvalidOperationException) { return ("", LoneSurrogate); }
    }

    private static readonly Problem LoneSurrogate = new("含有不成对的 UTF-16 代理项（不是有效的 Unicode 文本）", "contains a lone UTF-16 surrogate: not well-formed Unicode");

    private static string Segment(List<HashSet<string>?> keys, List<int> indexes, string? pending) =>
        pending ?? (keys.Count > 0 && keys[^1] is null ? $"[{indexes[^1]}]" : "");

    private static string Where(List<string> path, string last)
    {
        var parts = path.Skip(1).Append(last).Where(p => p.Length > 0);
        var text = string.Join(".", parts).Replace(".[", "[");
        return text.Length == 0 ? "body" : text;
    }

    public sealed record Problem(string Zh, string En)
    {
        public override string ToString() => Zh;
    }

    // JSON bodies carry multi-line fields too (reasons, notes); single-line fields are checked where they are validated.
    private static Problem? Bad(string s) => PlainText.Check(s, multiLine: true) is { } p ? new(p.Zh, p.En) : null;
}
