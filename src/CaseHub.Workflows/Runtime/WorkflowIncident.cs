using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;

namespace CaseHub.Workflows.Runtime;

/// <summary>
/// Why an instance faulted: the activity, what went wrong and, when it threw, the exception's type and the
/// exception as .NET prints it (message, stack and inner exceptions: a script error's cause is usually inside).
/// </summary>
public sealed record WorkflowIncident(string ActivityId, string ActivityType, string Message, DateTimeOffset At,
    string? ExceptionType = null, string? Stack = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Summary => ActivityId.Length == 0 ? Message : $"{ActivityId} ({ActivityType}): {Message}";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The stored incident; text written before incidents had a shape reads as a message alone.</summary>
    public static WorkflowIncident? Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return null;
        if (stored.TrimStart().StartsWith('{'))
        {
            try { return JsonSerializer.Deserialize<WorkflowIncident>(stored, Json); }
            catch (JsonException) { }
        }
        return new WorkflowIncident("", "", stored, default);
    }
}

/// <summary>
/// Where a faulted instance stopped, kept in its state so a retry picks the flow up exactly there: the activity
/// runs again (resumed again with what its resumer sent, when the fault came from a resume) and every other path
/// continues from where the fault found it.
/// </summary>
public sealed class FaultPoint
{
    public string ActivityId { get; set; } = "";
    /// <summary>False when the step stopped before running the activity (the loop limit): its token is then first in <see cref="Queued"/>.</summary>
    public bool Executed { get; set; } = true;
    public BookmarkResume? Resume { get; set; }
    public List<QueuedActivity> Queued { get; set; } = [];
    /// <summary>The bookmarks the fault closed; a retry opens them again (a case task becomes open again with its bookmark).</summary>
    public List<BookmarkSpec> Bookmarks { get; set; } = [];
    public Dictionary<string, List<int>> JoinArrivals { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every activity a retry would run or wait in: a newer version must have them all to take the instance over.</summary>
    public IEnumerable<string> ActivityIds => [ActivityId, .. Queued.Select(q => q.ActivityId), .. Bookmarks.Select(b => b.ActivityId), .. JoinArrivals.Keys];
}

/// <summary>A path that was about to reach <see cref="ActivityId"/> when another path faulted.</summary>
public sealed record QueuedActivity(string ActivityId, int InboundIndex);

/// <summary>
/// The unit of work activities write to while a step runs. The runner marks it before each activity and rolls
/// back to the mark when that activity faults, so a faulted step commits the fault (state, journal, incident)
/// and the work of the activities before it, never half of what the failing one did.
/// </summary>
public interface IActivityUnitOfWork
{
    object Mark();

    void RollBack(object mark);
}

/// <summary>Which instance an incident belongs to, with the input it was started with (a host finds its own records by it).</summary>
public sealed record IncidentContext(WorkflowRunInfo Run, string? CorrelationId, IReadOnlyDictionary<string, JsonNode?> Input, WorkflowIncident Incident);

/// <summary>
/// Told inside the step's unit of work, before it commits, when an instance faults or an administrator retries
/// it: what a host records here (a ticket's timeline event) commits with the faulted state or not at all.
/// </summary>
public interface IWorkflowIncidentSink
{
    ValueTask FaultedAsync(IncidentContext incident, CancellationToken ct);

    ValueTask RetriedAsync(IncidentContext incident, string retriedBy, CancellationToken ct);
}
