using System.Text.Json.Nodes;
using CaseHub.Workflows.Expressions;
using Cronos;

namespace CaseHub.Workflows.Activities;

/// <summary>Bookmark kinds the runtime and the API look bookmarks up by.</summary>
public static class BookmarkKinds
{
    public const string Timer = "Timer";
    public const string Event = "Event";
    public const string Task = "RunTask";
    public const string UserTask = "UserTask";
    /// <summary>An <c>Elsa.HttpEndpoint</c> waiting for a request; its name is the endpoint's path.</summary>
    public const string Http = "HttpEndpoint";
}

/// <summary>Topics of the outbox messages the built-in activities write.</summary>
public static class OutboxTopics
{
    public const string Event = "workflow.event";
    public const string RunTask = "workflow.run-task";
    /// <summary><c>Elsa.ExecuteWorkflow</c> without waiting: a new instance to start once the step commits.</summary>
    public const string StartWorkflow = "workflow.start";
}

/// <summary><c>Elsa.Delay</c> (<c>timeSpan</c>) and <c>Elsa.Timer</c> (<c>interval</c>): wait that long, then continue.</summary>
internal sealed class DelayActivity(string input) : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var span = Values.ToTimeSpan(context.Evaluate(input));
        if (span < TimeSpan.Zero) throw new ExpressionException($"{input} must not be negative.");
        return ValueTask.FromResult(ActivityResult.Block(new BookmarkSpec(BookmarkKinds.Timer, DueAt: context.Now + span)));
    }
}

/// <summary><c>Elsa.StartAt</c>: waits until <c>dateTime</c> (continues at once when it is past).</summary>
internal sealed class StartAtActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var at = Values.ToDateTimeOffset(context.Evaluate("dateTime"));
        return ValueTask.FromResult(at <= context.Now
            ? ActivityResult.Complete()
            : ActivityResult.Block(new BookmarkSpec(BookmarkKinds.Timer, DueAt: at)));
    }
}

/// <summary>
/// <c>Elsa.Cron</c>: waits for the next occurrence of <c>cronExpression</c> in the engine's time zone
/// (Asia/Shanghai unless configured), so "0 9 * * 1-5" means nine in the morning in Zhoushan, not in UTC.
/// </summary>
internal sealed class CronActivity(TimeZoneInfo zone) : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var next = NextOccurrence(context.EvaluateText("cronExpression"), context.Now, zone);
        return ValueTask.FromResult(ActivityResult.Block(new BookmarkSpec(BookmarkKinds.Timer, DueAt: next)));
    }

    /// <summary>Why <paramref name="expression"/> is not a cron expression (5 fields, or 6 with seconds first), or null.</summary>
    public static string? Check(string expression)
    {
        try
        {
            Parse(expression);
            return null;
        }
        catch (CronFormatException e)
        {
            return e.Message;
        }
    }

    private static CronExpression Parse(string expression) =>
        CronExpression.Parse(expression, expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    public static DateTimeOffset NextOccurrence(string? expression, DateTimeOffset after, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(expression)) throw new ExpressionException("cronExpression is required, e.g. \"0 9 * * 1-5\".");
        try
        {
            var cron = Parse(expression);
            return cron.GetNextOccurrence(after, zone) ?? throw new ExpressionException($"'{expression}' never occurs again.");
        }
        catch (CronFormatException e)
        {
            throw new ExpressionException($"'{expression}' is not a cron expression: {e.Message}");
        }
    }
}

/// <summary><c>Elsa.Event</c>: waits for the event <c>eventName</c> (for this instance's correlation id, when it has one).</summary>
internal sealed class EventActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.EvaluateText("eventName");
        if (string.IsNullOrWhiteSpace(name)) throw new ExpressionException("eventName is required.");
        return ValueTask.FromResult(ActivityResult.Block(new BookmarkSpec(BookmarkKinds.Event, name, context.Scope.CorrelationId)));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        context.SetVariable("LastEventPayload", resume.Payload?.DeepClone());
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>
/// <c>Elsa.PublishEvent</c>: raises <c>eventName</c> (with <c>correlationId</c> and <c>payload</c>) through
/// the outbox, so the event is delivered only if this step commits.
/// </summary>
internal sealed class PublishEventActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.EvaluateText("eventName");
        if (string.IsNullOrWhiteSpace(name)) throw new ExpressionException("eventName is required.");
        context.Publish(OutboxTopics.Event, new JsonObject
        {
            ["eventName"] = name,
            ["correlationId"] = context.EvaluateText("correlationId"),
            ["payload"] = context.Evaluate("payload"),
        });
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>
/// <c>Elsa.RunTask</c>: asks an outside worker to do <c>taskName</c> (outbox message) and waits for its
/// result; the result is stored in the variable <c>LastTaskResult</c>.
/// </summary>
internal sealed class RunTaskActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.EvaluateText("taskName");
        if (string.IsNullOrWhiteSpace(name)) throw new ExpressionException("taskName is required.");
        var payload = context.Evaluate("payload");
        context.Publish(OutboxTopics.RunTask, new JsonObject { ["taskName"] = name, ["payload"] = payload, ["instanceId"] = context.Run.InstanceId });
        return ValueTask.FromResult(ActivityResult.Block(new BookmarkSpec(BookmarkKinds.Task, name, Payload: payload?.DeepClone())));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        context.SetVariable("LastTaskResult", resume.Payload?.DeepClone());
        return ValueTask.FromResult(ActivityResult.Complete() with { Outputs = new Dictionary<string, JsonNode?> { ["Result"] = resume.Payload?.DeepClone() } });
    }
}
