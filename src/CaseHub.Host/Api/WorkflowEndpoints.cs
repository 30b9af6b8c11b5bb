using CaseHub.Core.Cases;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Audit;
using CaseHub.Core.Identity;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Api;

public static class WorkflowEndpoints
{
    public sealed record InputDto(string Name, string TypeName, string UiHint, bool Required, string DefaultSyntax, string? DisplayName, IReadOnlyList<string>? Options);
    public sealed record ActivityDto(string Type, string Category, string DisplayName, string Description, IReadOnlyList<InputDto> Inputs, IReadOnlyList<string> Outcomes, bool IsTrigger, bool HasDynamicOutcomes, IReadOnlyList<string> Outputs);
    public sealed record SavedDto(string DefinitionId, int Version, bool IsPublished, IReadOnlyList<IssueDto>? Warnings = null);
    public sealed record IssueDto(string? ActivityId, string Field, string Message);
    public sealed record ExecuteRequest(JsonObject? Input, string? CorrelationId);
    public sealed record ExecuteResponse(string InstanceId, WorkflowStatus Status, JsonNode? Output, IReadOnlyList<string> Lines, string? Incident);
    public sealed record EventRequest(string? CorrelationId, JsonNode? Payload);
    public sealed record EventResponse(int Resumed);
    public sealed record JournalDto(string ActivityId, string ActivityType, string? Outcome, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, string? Error);
    public sealed record BookmarkDto(string Id, string ActivityId, string Kind, string? Name, string? CorrelationId, DateTimeOffset? DueAt, JsonNode? Payload);
    public sealed record InstanceDto(string Id, string DefinitionId, int Version, WorkflowStatus Status, string? CorrelationId, WorkflowIncident? Incident,
        IReadOnlyList<BookmarkDto> Bookmarks, IReadOnlyList<JournalDto> Journal, IReadOnlyDictionary<string, JsonNode?> Variables, IReadOnlyList<string> Lines);

    public static void MapWorkflowEndpoints(this IEndpointRouteBuilder api)
    {
        var workflows = api.MapGroup("/workflows").WithTags("Workflows");
        workflows.MapGet("/activities", Activities).WithName("ListActivities").WithSummary("活动目录 / The activity registry: types, inputs and ports");
        var admin = workflows.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Administrator));
        admin.MapPost("/definitions", Save).WithName("SaveWorkflowDefinition").WithSummary("保存流程草稿 / Save an Elsa 3 workflow definition as a draft");
        admin.MapPost("/definitions/{definitionId}/publish", Publish).WithName("PublishWorkflowDefinition").WithSummary("发布流程 / Publish a workflow definition");
        admin.MapGet("/definitions/{definitionId}", Get).WithName("GetWorkflowDefinition").WithSummary("流程定义 / A workflow definition as Elsa 3 JSON");
        admin.MapPost("/definitions/{definitionId}/execute", Execute).WithName("ExecuteWorkflow").WithSummary("运行流程 / Start an instance of a published definition");
        admin.MapGet("/instances/{instanceId}", Instance).WithName("GetWorkflowInstance").WithSummary("流程实例 / A workflow instance and its bookmarks");
        admin.MapPost("/instances/{instanceId}/cancel", Cancel).WithName("CancelWorkflowInstance").WithSummary("取消流程实例 / Cancel a workflow instance");
        admin.MapPost("/instances/{instanceId}/retry", Retry).WithName("RetryWorkflowInstance").WithSummary("重试故障实例 / Retry a faulted instance from the activity that faulted");
        workflows.MapPost("/events/{name}", RaiseEvent).RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.Channel)).WithName("RaiseWorkflowEvent").WithSummary("触发事件 / Raise an event that resumes the workflows waiting for it");
    }

    // The built-in and module activities, and the published workflows usable as activities (read per request: another host may have published one).
    private static async Task<Ok<List<ActivityDto>>> Activities(ActivityRegistry registry, WorkflowDefinitions definitions, CancellationToken ct) => TypedResults.Ok(registry.All
        .Concat((await definitions.WorkflowActivitiesAsync(ct)).Where(d => registry.Find(d.Type) is null))
        .OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.Type, StringComparer.Ordinal)
        .Select(d => new ActivityDto(d.Type, d.Category, d.DisplayName, d.Description,
            d.Inputs.Select(i => new InputDto(i.Name, i.TypeName, i.UiHint, i.Required, i.DefaultSyntax, i.DisplayName, i.Options)).ToList(),
            d.Outcomes, d.IsTrigger, d.DynamicOutcomes is not null, d.Outputs))
        .ToList());

    /// <summary>Reads the Elsa 3 document from the raw body: it is kept as written, unknown properties included.</summary>
    private static async Task<Results<Created<SavedDto>, ValidationProblem, ProblemHttpResult>> Save(HttpRequest request, WorkflowDefinitions definitions, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return TypedResults.Problem(statusCode: 415, title: "请以 JSON 提交 / Send the definition as JSON", detail: "Content-Type must be application/json.");
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        WorkflowDocument document;
        try
        {
            document = WorkflowJson.Parse(buffer.ToArray());
        }
        catch (WorkflowFormatException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Path ?? "body"] = [e.Message] },
                title: "工作流定义格式错误 / The workflow definition is not valid Elsa JSON");
        }
        try
        {
            var saved = await definitions.SaveDraftAsync(document, ct);
            return TypedResults.Created($"/api/workflows/definitions/{saved.DefinitionId}?version={saved.Version}",
                new SavedDto(saved.DefinitionId, saved.Version, false, saved.Warnings.Select(ToDto).ToList()));
        }
        catch (WorkflowValidationException e)
        {
            return TypedResults.ValidationProblem(ErrorsOf(e), title: "工作流定义无效 / The workflow definition is invalid");
        }
    }

    /// <summary>The validator's errors by field, each naming its activity.</summary>
    private static Dictionary<string, string[]> ErrorsOf(WorkflowValidationException e) => e.Issues.Where(i => i.Severity == IssueSeverity.Error)
        .GroupBy(i => i.Field).ToDictionary(g => g.Key, g => g.Select(i => i.ActivityId is null ? i.Message : $"[{i.ActivityId}] {i.Message}").ToArray());

    private static async Task<Results<Ok<SavedDto>, ProblemHttpResult>> Publish(string definitionId, int? version, WorkflowDefinitions definitions, CancellationToken ct)
    {
        var published = await definitions.PublishAsync(definitionId, version, ct);
        return published is null
            ? ApiErrors.NotFound("workflow definition", version is null ? definitionId : $"{definitionId} v{version}")
            : TypedResults.Ok(new SavedDto(published.DefinitionId, published.Version, true));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Get(string definitionId, int? version, WorkflowDefinitions definitions, CancellationToken ct)
    {
        var record = await definitions.FindAsync(definitionId, version, publishedOnly: false, ct);
        return record is null
            ? ApiErrors.NotFound("workflow definition", definitionId)
            : TypedResults.Content(record.Json, "application/json");
    }

    private static async Task<Results<Ok<ExecuteResponse>, ProblemHttpResult, ValidationProblem>> Execute(
        string definitionId, int? version, ExecuteRequest? body, WorkflowRuntime runtime, CancellationToken ct)
    {
        var input = body?.Input?.ToDictionary(p => p.Key, p => p.Value?.DeepClone());
        try
        {
            var run = await runtime.StartAsync(definitionId, version, input, body?.CorrelationId, ct);
            return TypedResults.Ok(Executed(run));
        }
        catch (WorkflowNotFoundException e)
        {
            return TypedResults.Problem(statusCode: 404, title: "未找到 / Not found", detail: e.Message);
        }
    }

    private static async Task<Results<Ok<EventResponse>, ValidationProblem>> RaiseEvent(string name, EventRequest? body, ClaimsPrincipal user,
        CaseService cases, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name)) return ApiErrors.Invalid("name", "事件名不能为空 / the event name is required");
        return TypedResults.Ok(new EventResponse(await cases.RaiseEventAsync(user.Actor(), name, body?.CorrelationId, body?.Payload, ct)));
    }

    private static async Task<Results<Ok<InstanceDto>, ProblemHttpResult>> Instance(string instanceId, WorkflowRuntime runtime, WorkflowDb db, CancellationToken ct)
    {
        var instance = await runtime.FindAsync(instanceId, ct);
        if (instance is null) return ApiErrors.NotFound("workflow instance", instanceId);
        var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Id)
            .Select(j => new JournalDto(j.ActivityId, j.ActivityType, j.Outcome, Utc(j.StartedAt), Utc(j.CompletedAt), j.Error)).ToListAsync(ct);
        return TypedResults.Ok(new InstanceDto(instance.Id, instance.DefinitionId, instance.Version, instance.Status, instance.CorrelationId, instance.Incident,
            instance.Bookmarks.Select(b => new BookmarkDto(b.Id, b.ActivityId, b.Kind, b.Name, b.CorrelationId, b.DueAt, b.Payload)).ToList(),
            journal, instance.Variables, instance.Lines));
    }

    // The audit record joins the runtime's step, so it commits with the cancel or the retry and not without it.
    private static async Task<Results<Ok<ExecuteResponse>, ProblemHttpResult>> Cancel(string instanceId, ClaimsPrincipal user, WorkflowRuntime runtime,
        AuditLog audit, CancellationToken ct)
    {
        try
        {
            var instance = await runtime.FindAsync(instanceId, ct) ?? throw new WorkflowNotFoundException(instanceId);
            audit.Record(user.Name(), "workflow.cancel", "WorkflowInstance", instanceId, null,
                new { instance.DefinitionId, instance.Version, from = instance.Status.ToString() });
            return TypedResults.Ok(Executed(await runtime.CancelAsync(instanceId, ct)));
        }
        catch (WorkflowNotFoundException)
        {
            return ApiErrors.NotFound("workflow instance", instanceId);
        }
        catch (WorkflowConflictException e)
        {
            return TypedResults.Problem(statusCode: 409, title: "状态冲突 / Conflict", detail: e.Message);
        }
    }

    /// <summary>Runs a faulted instance again from the activity that faulted (on the newest published version when it still has that activity).</summary>
    private static async Task<Results<Ok<ExecuteResponse>, ProblemHttpResult>> Retry(string instanceId, ClaimsPrincipal user, WorkflowRuntime runtime,
        AuditLog audit, CancellationToken ct)
    {
        var instance = await runtime.FindAsync(instanceId, ct);
        if (instance is null) return ApiErrors.NotFound("workflow instance", instanceId);
        if (instance.Status != WorkflowStatus.Faulted) return NotFaulted(instanceId, instance.Status.ToString());
        audit.Record(user.Name(), "workflow.retry", "WorkflowInstance", instanceId, null,
            new { instance.DefinitionId, instance.Version, activityId = instance.Incident?.ActivityId, incident = instance.Incident?.Message });
        try
        {
            return TypedResults.Ok(Executed(await runtime.RetryAsync(instanceId, user.Name(), ct)));
        }
        catch (WorkflowConflictException e)
        {
            // Another administrator's retry or cancel came first, or the instance faulted before retries were possible.
            return TypedResults.Problem(statusCode: 409, title: "实例无法重试 / The instance cannot be retried", detail: e.Message);
        }
    }

    private static ProblemHttpResult NotFaulted(string instanceId, string status) =>
        TypedResults.Problem(statusCode: 409, title: "实例未处于故障状态 / The instance is not faulted",
            detail: $"实例 {instanceId} 当前为 {status}，只有故障实例可以重试 / Instance {instanceId} is {status}; only a faulted instance can be retried.");

    private static ExecuteResponse Executed(InstanceSnapshot run) => new(run.Id, run.Status, run.Output, run.Lines, run.Incident?.Summary);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static IssueDto ToDto(ValidationIssue issue) => new(issue.ActivityId, issue.Field, issue.Message);
}
