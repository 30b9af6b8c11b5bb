using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Activities;

/// <summary>
/// An activity's behaviour. Implementations are stateless singletons: everything they need arrives in
/// the <see cref="ActivityContext"/>, everything they change goes back through it or the result.
/// </summary>
public interface IActivity
{
    /// <summary>Runs the activity when the flow reaches it.</summary>
    ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>Runs when one of the activity's bookmarks is resumed (an event arrived, a timer fired, a person completed the task).</summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume) =>
        ValueTask.FromResult(ActivityResult.Complete());

    /// <summary>
    /// Checks what a resumer sends before anything runs. The rules for a task's data live here, with the
    /// activity that owns the task: errors (by field of the payload) make the runtime refuse the resume
    /// — a 400 for the caller — and change nothing.
    /// </summary>
    ValueTask<ResumeErrors?> ValidateResumeAsync(ResumeCheck check) => ValueTask.FromResult<ResumeErrors?>(null);
}

/// <summary>What a resumer sent, for the activity to check; <see cref="Services"/> is the step's scope (e.g. to look a provider up).</summary>
public sealed record ResumeCheck(BookmarkSpec Bookmark, JsonNode? Payload, string? ResumedBy, IServiceProvider Services, CancellationToken CancellationToken);

/// <summary>Why a resume is refused: messages by the payload's field (<c>outcome</c>, <c>comment</c>, <c>data.providerId</c>…).</summary>
public sealed class ResumeErrors : Dictionary<string, string[]>
{
    public ResumeErrors() : base(StringComparer.Ordinal) { }

    public static ResumeErrors? Of(string field, string message) => new() { [field] = [message] };
}

/// <summary>A bookmark being resumed, with what the resumer sent.</summary>
public sealed record BookmarkResume(BookmarkSpec Bookmark, JsonNode? Payload, string? ResumedBy);

/// <summary>
/// Something the flow waits for. <see cref="DueAt"/> makes it a timer: the runtime stores a timer row
/// and resumes the bookmark at that time with <see cref="TimeoutPayload"/>.
/// </summary>
public sealed record BookmarkSpec(string Kind, string? Name = null, string? CorrelationId = null, JsonNode? Payload = null,
    DateTimeOffset? DueAt = null, JsonNode? TimeoutPayload = null)
{
    /// <summary>Assigned by the runtime when the bookmark is created.</summary>
    public string Id { get; init; } = "";
    public string ActivityId { get; init; } = "";
}

public enum ResultKind { Complete, Block, Finish, Fault }

/// <summary>How an activity ended this step.</summary>
public sealed record ActivityResult(ResultKind Kind, IReadOnlyList<string> Outcomes, IReadOnlyList<BookmarkSpec> Bookmarks, string? Error = null, JsonNode? Output = null)
{
    private static readonly ActivityResult Done = new(ResultKind.Complete, ["Done"], []);

    /// <summary>What the activity produced, by output name; <c>Result</c> is also what <c>getLastResult()</c> reads afterwards.</summary>
    public IReadOnlyDictionary<string, JsonNode?>? Outputs { get; init; }

    /// <summary>Continue through these outcome ports (default <c>Done</c>).</summary>
    public static ActivityResult Complete(params string[] outcomes) => outcomes.Length == 0 ? Done : new(ResultKind.Complete, outcomes, []);

    /// <summary>Wait: this path stops until one of the bookmarks is resumed.</summary>
    public static ActivityResult Block(params BookmarkSpec[] bookmarks) => new(ResultKind.Block, [], bookmarks);

    /// <summary>End the whole workflow now, cancelling every other path.</summary>
    public static ActivityResult Finish(JsonNode? output = null) => new(ResultKind.Finish, [], [], Output: output);

    /// <summary>Fault the instance with this incident.</summary>
    public static ActivityResult Fault(string error) => new(ResultKind.Fault, [], [], error);
}
