using System.Text.Json.Nodes;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Activities;

/// <summary>
/// <c>CaseHub.UserTask</c>: a task for a person. Inputs: <c>title</c>, <c>role</c> (who may complete
/// it), <c>jurisdiction</c> (an expression: the jurisdiction it belongs to), <c>outcomes</c> (its ports),
/// optional <c>dueHours</c> (adds the <c>TimedOut</c> port, taken when nobody completes it in time),
/// <c>kind</c> (approval, dispatch, …) and <c>outputVariable</c> (receives <c>{ outcome, data, completedBy }</c>).
/// </summary>
public sealed class UserTaskActivity : IActivity
{
    public const string Type = "CaseHub.UserTask";
    public const string TimedOut = "TimedOut";

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var outcomes = Values.ToList(context.Evaluate("outcomes"));
        if (outcomes.Count == 0) throw new ExpressionException("A user task needs at least one outcome.");
        var role = context.EvaluateText("role");
        if (string.IsNullOrWhiteSpace(role)) throw new ExpressionException("A user task needs the role that completes it.");
        var dueHours = Values.ToNumber(context.Evaluate("dueHours"));
        DateTimeOffset? dueAt = dueHours is > 0 ? context.Now.AddHours(dueHours.Value) : null;

        var task = Task(context.EvaluateText("title") ?? context.Node.Id, context.EvaluateText("kind") ?? "task", role,
            context.EvaluateText("jurisdiction"), outcomes, dueAt);
        return ValueTask.FromResult(ActivityResult.Block(Bookmark(task, context.Scope.CorrelationId, dueAt)));
    }

    /// <summary>The bookmark payload describing a task; activities built on the user task (approval, dispatch…) add their own fields.</summary>
    public static JsonObject Task(string title, string kind, string role, string? jurisdictionId, IEnumerable<string> outcomes, DateTimeOffset? dueAt) => new()
    {
        ["title"] = title,
        ["kind"] = kind,
        ["role"] = role,
        ["jurisdictionId"] = jurisdictionId,
        ["outcomes"] = new JsonArray([.. outcomes.Select(o => JsonValue.Create(o))]),
        ["dueAt"] = dueAt?.ToString("O"),
    };

    /// <summary>A user-task bookmark; with a due time its timer resumes it with <see cref="TimedOut"/>.</summary>
    public static BookmarkSpec Bookmark(JsonObject task, string? correlationId, DateTimeOffset? dueAt, string id = "") =>
        new(BookmarkKinds.UserTask, task["kind"]!.GetValue<string>(), correlationId, task, dueAt,
            dueAt is null ? null : new JsonObject { ["outcome"] = TimedOut }) { Id = id };

    public const int MaxComment = 2000;

    /// <summary>The completer must pick one of the task's outcomes (TimedOut only comes from its timer).</summary>
    public ValueTask<ResumeErrors?> ValidateResumeAsync(ResumeCheck check) => ValueTask.FromResult(Check(check.Bookmark, check.Payload, check.ResumedBy));

    /// <summary>
    /// What every task completion must satisfy: one of the task's outcomes, a comment of at most
    /// <see cref="MaxComment"/> characters, data that is an object. Null when it does.
    /// </summary>
    public static ResumeErrors? Check(BookmarkSpec bookmark, JsonNode? payload, string? resumedBy)
    {
        var outcome = payload?["outcome"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        if (outcome == TimedOut && resumedBy is null && bookmark.DueAt is not null) return null;
        return CheckSubmission(Values.ToList(bookmark.Payload?["outcomes"]), payload);
    }

    /// <summary>A person's completion of a task offering <paramref name="allowed"/> (a workflow's, or one no workflow waits on).</summary>
    public static ResumeErrors? CheckSubmission(IReadOnlyList<string> allowed, JsonNode? payload)
    {
        var outcome = payload?["outcome"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        var errors = new ResumeErrors();
        if (string.IsNullOrWhiteSpace(outcome))
            errors["outcome"] = [$"必填，可选：{string.Join("、", allowed)} / required, one of: {string.Join(", ", allowed)}"];
        else if (!allowed.Contains(outcome, StringComparer.Ordinal))
            errors["outcome"] = [$"须为 {string.Join("、", allowed)} 之一 / must be one of: {string.Join(", ", allowed)}"];
        if (payload?["comment"] is JsonValue c && c.TryGetValue<string>(out var comment) && comment.Length > MaxComment)
            errors["comment"] = [$"最多 {MaxComment} 字 / at most {MaxComment} characters"];
        if (payload?["data"] is { } data && data is not JsonObject)
            errors["data"] = ["须为对象 / must be an object"];
        return errors.Count == 0 ? null : errors;
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var outcome = resume.Payload!["outcome"]!.GetValue<string>();
        var variable = context.EvaluateText("outputVariable");
        if (!string.IsNullOrWhiteSpace(variable))
            context.SetVariable(variable, new JsonObject
            {
                ["outcome"] = outcome,
                ["data"] = resume.Payload["data"]?.DeepClone(),
                ["comment"] = resume.Payload["comment"]?.DeepClone(),
                ["completedBy"] = resume.ResumedBy,
                ["completedAt"] = context.Now.ToString("O"),
            });
        return ValueTask.FromResult(ActivityResult.Complete(outcome));
    }

    internal static IReadOnlyList<string> Ports(Definitions.ActivityNode node)
    {
        var ports = Values.LiteralList(node.Input("outcomes")).ToList();
        if (HasTimeLimit(node)) ports.Add(TimedOut);
        return ports;
    }

    /// <summary>Whether the node sets <c>dueHours</c>, and so has the <see cref="TimedOut"/> port.</summary>
    public static bool HasTimeLimit(Definitions.ActivityNode node) =>
        node.Input("dueHours") is { } due && !(due.Expression?.Text is null or "" or "0");
}
