using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Text;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Cases;

public sealed partial class CaseService
{
    public const int MaxTaskPageSize = 500;

    /// <summary>A task's submitted data is a delivery record or a decision, not a file store: 16 KiB of JSON is plenty.</summary>
    public const int MaxTaskDataBytes = 16 * 1024;

    /// <summary>The actor's open tasks (their role, in their area; a provider's people: their organisation's), soonest due first.</summary>
    public Task<CaseResult<Page<TaskView>>> ListTasksAsync(Actor actor, int? page, int? pageSize, CancellationToken ct = default) =>
        ListTasksAsync(actor, new TaskFilter(null, page, pageSize), ct);

    /// <summary>The actor's open tasks, of one kind when the filter names it, soonest due first.</summary>
    public async Task<CaseResult<Page<TaskView>>> ListTasksAsync(Actor actor, TaskFilter filter, CancellationToken ct = default)
    {
        if (CheckPaging(filter) is { } invalid) return invalid;
        if (await visibility.AreaAsync(actor, ct) is not { } area) return CaseResults.Done(new Page<TaskView>([], 0));
        var mine = OfKind(MyOpenTasks(actor, area), filter.Kind);
        return CaseResults.Done(await PageAsync(mine, filter, await mine.CountAsync(ct), ct));
    }

    /// <summary>
    /// The task page a person works from: one page of open tasks and the counts per kind above it. The page's
    /// total comes from the counts, so a large backlog is counted once per request, not twice.
    /// </summary>
    public async Task<CaseResult<TaskBoard>> TaskBoardAsync(Actor actor, TaskFilter filter, CancellationToken ct = default)
    {
        if (CheckPaging(filter) is { } invalid) return invalid;
        if (await visibility.AreaAsync(actor, ct) is not { } area) return CaseResults.Done(new TaskBoard(new([], 0), new Dictionary<string, int>()));
        var open = MyOpenTasks(actor, area);
        var counts = await open.GroupBy(t => t.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var total = filter.Kind is { } kind ? counts.GetValueOrDefault(kind) : counts.Values.Sum();
        return CaseResults.Done(new TaskBoard(await PageAsync(OfKind(open, filter.Kind), filter, total, ct), counts));
    }

    /// <summary>The first string in a task's data that is not clean text (a page's form reaches here without the API's body guard).</summary>
    private static (string Field, TextProblem Problem)? BadText(JsonElement? data, string path) => data switch
    {
        { ValueKind: JsonValueKind.String } s => PlainText.Check(s.GetString(), multiLine: true) is { } p ? (path, p) : null,
        { ValueKind: JsonValueKind.Object } o => o.EnumerateObject().Select(m => BadText(m.Value, $"{path}.{m.Name}")).FirstOrDefault(x => x is not null),
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select((v, i) => BadText(v, $"{path}[{i}]")).FirstOrDefault(x => x is not null),
        _ => null,
    };

    private static CaseFailure? CheckPaging(TaskFilter filter) =>
        filter.Page is < 1 ? CaseResults.Invalid("page", "页码从 1 开始 / page starts at 1")
        : filter.PageSize is < 1 or > MaxTaskPageSize ? CaseResults.Invalid("pageSize", $"每页 1–{MaxTaskPageSize} 条 / pageSize must be 1–{MaxTaskPageSize}")
        : null;

    private static IQueryable<CaseTask> OfKind(IQueryable<CaseTask> tasks, string? kind) => kind is null ? tasks : tasks.Where(t => t.Kind == kind);

    private async Task<Page<TaskView>> PageAsync(IQueryable<CaseTask> mine, TaskFilter filter, int total, CancellationToken ct)
    {
        var size = filter.PageSize ?? MaxTaskPageSize;
        var rows = await (from t in mine
                          join k in db.Set<Ticket>() on t.TicketId equals k.Id
                          orderby t.DueAt == null, t.DueAt, t.CreatedAt, t.Id
                          select new { Task = t, k.Number, k.ServiceCode, TicketPlace = k.JurisdictionId, TicketDue = k.DueAt })
            .Skip(((filter.Page ?? 1) - 1) * size).Take(size).AsNoTracking().ToListAsync(ct);
        return new Page<TaskView>([.. rows.Select(r => new TaskView(r.Task.Id, r.Task.TicketId, r.Number, r.ServiceCode, r.Task.Kind,
            r.Task.Title, [.. r.Task.OutcomeList], r.Task.DueAt, r.Task.CreatedAt, r.Task.JurisdictionId, r.Task.ProviderId, r.TicketPlace, r.TicketDue))], total);
    }

    /// <summary>The open tasks the actor may complete: their role's, in their area (a provider's people: their organisation's).</summary>
    private IQueryable<CaseTask> MyOpenTasks(Actor actor, Jurisdictions.Jurisdiction area) => visibility.Open(visibility.Tasks(actor, area)).ForRole(actor.Role);

    /// <summary>
    /// Completes a task with an outcome. A workflow's task resumes its workflow, whose activity checks the
    /// submitted data; the answer carries the workflow's status after the step (Faulted when it failed).
    /// </summary>
    public async Task<CaseResult<TaskCompleted>> CompleteTaskAsync(Actor actor, string taskId, CompleteTask body, CancellationToken ct = default)
    {
        if (body.Data is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } data && System.Text.Encoding.UTF8.GetByteCount(data.GetRawText()) > MaxTaskDataBytes)
            return CaseResults.Invalid("data", $"提交的数据不能超过 {MaxTaskDataBytes / 1024} KB / data may be at most {MaxTaskDataBytes / 1024} KiB");
        if (PlainText.Check(body.Comment, multiLine: true) is { } badComment) return CaseResults.Invalid("comment", badComment.ToString());
        if (BadText(body.Data, "data") is { } bad) return CaseResults.Invalid(bad.Field, bad.Problem.ToString());
        if (await visibility.AreaAsync(actor, ct) is not { } area) return CaseResults.NotFound("task", taskId);
        var task = await visibility.Tasks(actor, area).FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null) return CaseResults.NotFound("task", taskId);
        if (!task.IsFor(actor.Role)) return CaseResults.Forbidden($"此任务由{task.Role}处理 / This task is for {task.Role}.");
        if (task.CompletedAt is not null)
            return CaseResults.Conflict("任务已完成 / Task already completed", $"Completed {task.CompletedAt:O} by {task.CompletedBy ?? "its timer"} with {task.Outcome}.");
        if (!await visibility.Open(db.Set<CaseTask>().Where(t => t.Id == taskId)).AnyAsync(ct))
            return CaseResults.Conflict("任务已关闭 / Task no longer open", "Its workflow no longer waits for it (cancelled or ended).");

        var ticket = (await db.Set<Ticket>().FindAsync([task.TicketId], ct))!;
        audit.Record(actor.Name, "task.complete", nameof(CaseTask), task.Id, task.JurisdictionId, new { task.Kind, body.Outcome, ticket = ticket.Number });
        return task.WorkflowInstanceId is null
            ? await CompleteStandaloneAsync(actor, task, ticket, body, ct)
            : await ResumeWorkflowAsync(actor, task, ticket, body, ct);
    }

    private async Task<CaseResult<TaskCompleted>> ResumeWorkflowAsync(Actor actor, CaseTask task, Ticket ticket, CompleteTask body, CancellationToken ct)
    {
        var payload = new JsonObject
        {
            ["outcome"] = body.Outcome, ["comment"] = body.Comment,
            ["data"] = body.Data is { ValueKind: not JsonValueKind.Null } data ? JsonNode.Parse(data.GetRawText()) : null,
        };
        try
        {
            var after = await workflows.ResumeAsync(task.Id, payload, actor.Name, ct);
            return CaseResults.Done(new TaskCompleted(task.Id, body.Outcome!, ticket.Id, ticket.Status.ToString(), after.Status.ToString()));
        }
        catch (Exception e) when (e is WorkflowConflictException or WorkflowNotFoundException)
        {
            db.ChangeTracker.Clear();
            return CaseResults.Conflict("任务已被处理 / Task already completed", e.Message);
        }
        catch (ResumeRejectedException e)
        {
            db.ChangeTracker.Clear();
            return CaseResults.Invalid("任务提交无效 / Invalid task completion", e.Errors);
        }
    }

    /// <summary>A task no workflow waits on (an SLA escalation): checked and closed here, on the ticket's timeline.</summary>
    private async Task<CaseResult<TaskCompleted>> CompleteStandaloneAsync(Actor actor, CaseTask task, Ticket ticket, CompleteTask body, CancellationToken ct)
    {
        var payload = new JsonObject { ["outcome"] = body.Outcome, ["comment"] = body.Comment };
        if (UserTaskActivity.CheckSubmission(task.OutcomeList, payload) is { } errors)
        {
            db.ChangeTracker.Clear();
            return CaseResults.Invalid("任务提交无效 / Invalid task completion", errors);
        }
        task.Complete(time.GetUtcNow(), actor.Name, body.Outcome!, body.Comment);
        timeline.Record(ticket, $"{task.Kind}.{body.Outcome!.ToLowerInvariant()}", actor.Name, new { taskId = task.Id, comment = body.Comment });
        await db.SaveChangesAsync(ct);
        return CaseResults.Done(new TaskCompleted(task.Id, body.Outcome!, ticket.Id, ticket.Status.ToString(), null));
    }
}
