using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Audit;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Api;

public static class TaskEndpoints
{
    public sealed record TaskView(string Id, Guid TicketId, string TicketNumber, string ServiceCode, string Kind, string Title,
        List<string> Outcomes, DateTimeOffset? DueAt, DateTimeOffset CreatedAt, string JurisdictionId, string? ProviderId);
    public sealed record CompleteTaskRequest(string? Outcome, string? Comment, JsonElement? Data);
    public sealed record TaskCompleted(string Id, string Outcome, Guid TicketId, string TicketStatus);

    public static void MapTaskEndpoints(this IEndpointRouteBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks").RequireAuthorization();
        tasks.MapGet("", List).WithName("ListTasks").WithSummary("待办任务 / The open tasks the caller may complete");
        tasks.MapPost("/{id}/complete", Complete).WithName("CompleteTask").WithSummary("办理任务 / Complete a task with one of its outcomes");
    }

    /// <summary>
    /// The caller's open tasks: their role inside their jurisdiction; for Provider users, their organisation's,
    /// wherever the organisation serves (a provider may serve islands outside the place it belongs to).
    /// </summary>
    private static async Task<Ok<List<TaskView>>> List(ClaimsPrincipal user, CaseHubDbContext db, CancellationToken ct)
    {
        var home = await db.Jurisdictions.FindAsync([user.HomeJurisdictionId()], ct);
        if (home is null) return TypedResults.Ok(new List<TaskView>());
        var provider = user.ProviderId();
        var mine = OpenTasks(db).ForRole(user.Role());
        mine = provider is null
            ? mine.Where(t => t.ProviderId == null && db.Jurisdictions.Within(home).Any(j => j.Id == t.JurisdictionId))
            : mine.Where(t => t.ProviderId == provider);
        var rows = await (from t in mine
                          join k in db.Set<Ticket>() on t.TicketId equals k.Id
                          orderby t.DueAt == null, t.DueAt, t.CreatedAt
                          select new { Task = t, k.Number, k.ServiceCode }).AsNoTracking().Take(500).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => View(r.Task, r.Number, r.ServiceCode)).ToList());
    }

    /// <summary>Open: not completed, and (for a workflow's task) its workflow still waits on it.</summary>
    public static IQueryable<CaseTask> OpenTasks(CaseHubDbContext db) =>
        db.Set<CaseTask>().Where(t => t.CompletedAt == null
            && (t.WorkflowInstanceId == null || db.Set<WorkflowBookmarkRecord>().Any(b => b.Id == t.Id)));

    public static TaskView View(CaseTask t, string number, string serviceCode) =>
        new(t.Id, t.TicketId, number, serviceCode, t.Kind, t.Title, [.. t.OutcomeList], t.DueAt, t.CreatedAt, t.JurisdictionId, t.ProviderId);

    private static async Task<Results<Ok<TaskCompleted>, ValidationProblem, ProblemHttpResult>> Complete(string id, CompleteTaskRequest body,
        ClaimsPrincipal user, CaseHubDbContext db, WorkflowRuntime workflows, AuditLog audit, TicketTimeline timeline, TimeProvider time, CancellationToken ct)
    {
        var task = await db.Set<CaseTask>().FindAsync([id], ct);
        var place = task is null ? null : await db.Jurisdictions.FindAsync([task.JurisdictionId], ct);
        var ownProvider = task?.ProviderId is not null && task.ProviderId == user.ProviderId();
        if (task is null || place is null || !(user.CanSee(place) || ownProvider)) return ApiErrors.NotFound("task", id);
        if (!task.IsFor(user.Role()) || (task.ProviderId is not null && task.ProviderId != user.ProviderId()))
            return ApiErrors.Forbidden($"此任务由{task.Role}处理 / This task is for {task.Role}{(task.ProviderId is null ? "" : $" of provider {task.ProviderId}")}.");
        if (task.CompletedAt is not null)
            return TypedResults.Problem(statusCode: 409, title: "任务已完成 / Task already completed",
                detail: $"Completed {task.CompletedAt:O} by {task.CompletedBy ?? "its timer"} with {task.Outcome}.");
        if (task.WorkflowInstanceId is not null && !await db.Set<WorkflowBookmarkRecord>().AnyAsync(b => b.Id == task.Id, ct))
            return TypedResults.Problem(statusCode: 409, title: "任务已关闭 / Task no longer open", detail: "Its workflow no longer waits for it (cancelled or ended).");

        var errors = await TaskValidation.CheckAsync(task, body, db, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "任务提交无效 / Invalid task completion");

        var ticket = await db.Set<Ticket>().FindAsync([task.TicketId], ct);
        audit.Record(user.Name(), "task.complete", nameof(CaseTask), task.Id, task.JurisdictionId, new { task.Kind, body.Outcome, ticket = ticket!.Number });
        if (task.WorkflowInstanceId is null)
        {
            task.Complete(time.GetUtcNow(), user.Name(), body.Outcome!, body.Comment);
            timeline.Record(ticket, $"{task.Kind}.{body.Outcome!.ToLowerInvariant()}", user.Name(), new { taskId = task.Id, comment = body.Comment });
            await db.SaveChangesAsync(ct);
        }
        else
        {
            var payload = new JsonObject
            {
                ["outcome"] = body.Outcome, ["comment"] = body.Comment,
                ["data"] = body.Data is { ValueKind: JsonValueKind.Object } data ? JsonNode.Parse(data.GetRawText()) : null,
            };
            try
            {
                await workflows.ResumeAsync(task.Id, payload, user.Name(), ct);
            }
            catch (Exception e) when (e is WorkflowConflictException or WorkflowNotFoundException)
            {
                return TypedResults.Problem(statusCode: 409, title: "任务已被处理 / Task already completed", detail: e.Message);
            }
            catch (ResumeRejectedException e)
            {
                return ApiErrors.Invalid("outcome", e.Message);
            }
        }
        return TypedResults.Ok(new TaskCompleted(task.Id, body.Outcome!, ticket.Id, ticket.Status.ToString()));
    }
}
