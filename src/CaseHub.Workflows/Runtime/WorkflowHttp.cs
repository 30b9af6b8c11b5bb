using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Workflows.Runtime;

/// <summary>An inbound request for <c>/workflows/&lt;path&gt;</c>, as the endpoint activities read it.</summary>
/// <param name="Body">The body: JSON when it parses, else its text; null when empty.</param>
public sealed record WorkflowHttpRequest(string Method, string Path, JsonNode? Body, JsonObject Query, JsonObject Headers);

/// <summary>
/// Delivers a request to the workflows that wait for it: every open <c>Elsa.HttpEndpoint</c> bookmark whose path and method match
/// is resumed, and every published version with a matching <c>Elsa.HttpEndpoint</c> trigger gets a new instance. The caller answers
/// with the first <c>Elsa.WriteHttpResponse</c> any of them wrote.
/// </summary>
public sealed class WorkflowHttp(WorkflowDb db, WorkflowRuntime runtime, WorkflowDefinitions definitions, ILogger<WorkflowHttp> logger)
{
    public async Task<IReadOnlyList<InstanceSnapshot>> DeliverAsync(WorkflowHttpRequest request, CancellationToken ct = default)
    {
        var method = request.Method.ToUpperInvariant();
        var reached = new List<InstanceSnapshot>();
        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.Kind == BookmarkKinds.Http).OrderBy(b => b.CreatedAt)
            .Select(b => new { b.Id, b.Name, b.Payload }).ToListAsync(ct);
        foreach (var bookmark in bookmarks)
        {
            if (HttpRoutes.Match(bookmark.Name ?? "", request.Path) is not { } route || !Allows(bookmark.Payload, method)) continue;
            try
            {
                reached.Add(await runtime.ResumeAsync(bookmark.Id, Payload(request, route), resumedBy: null, ct));
            }
            catch (Exception e) when (e is WorkflowConflictException or WorkflowNotFoundException)
            {
                logger.LogDebug("Request {Method} {Path} skipped bookmark {Bookmark}: {Reason}", method, request.Path, bookmark.Id, e.Message);
            }
        }
        var versions = await db.Definitions.AsNoTracking().Where(d => d.IsPublished && d.Json.Contains("Elsa.HttpEndpoint") && d.Json.Contains("canStartWorkflow"))
            .Select(d => new VersionKey(d.Id, d.DefinitionId, d.Version)).ToListAsync(ct);
        foreach (var version in versions)
            foreach (var trigger in StartTriggers.Of(await definitions.CompiledAsync(version.Id, ct)).Where(t => t.Type == StartTriggers.HttpType))
            {
                var template = HttpRoutes.Normalize(StartTriggers.Literal(trigger, "path"));
                if (HttpRoutes.Match(template, request.Path) is not { } route) continue;
                var methods = Values.LiteralList(trigger.Input("supportedMethods"));
                if (!(methods.Count == 0 ? ["GET"] : methods).Contains(method, StringComparer.OrdinalIgnoreCase)) continue;
                reached.Add(await runtime.StartFromTriggerAsync(version, trigger.Id, Payload(request, route), correlationId: null, ct));
            }
        return reached;
    }

    private static bool Allows(string? payload, string method) =>
        payload is null || JsonNode.Parse(payload)?["methods"] is not JsonArray methods || methods.Count == 0
        || methods.Any(m => string.Equals(Values.ToText(m), method, StringComparison.OrdinalIgnoreCase));

    private static JsonObject Payload(WorkflowHttpRequest request, JsonObject route) => new()
    {
        ["method"] = request.Method.ToUpperInvariant(), ["path"] = HttpRoutes.Normalize(request.Path), ["body"] = request.Body?.DeepClone(),
        ["query"] = request.Query.DeepClone(), ["route"] = route, ["headers"] = request.Headers.DeepClone(),
    };
}
