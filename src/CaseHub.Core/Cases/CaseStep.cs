using System.Text.Json.Nodes;
using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Cases;

/// <summary>
/// What a case activity works with in one workflow step: the ticket the workflow runs for (its input
/// <c>ticketId</c>), its timeline, and the tasks it opens and closes. Everything is changed on the
/// step's DbContext, so it commits with the step's bookmarks or not at all.
/// </summary>
internal sealed class CaseStep
{
    /// <summary>Who the timeline names when the workflow, not a person, made a change.</summary>
    public const string WorkflowActor = "workflow";

    private readonly ActivityContext _context;

    private CaseStep(ActivityContext context, Ticket ticket)
    {
        _context = context;
        Ticket = ticket;
        Db = context.Services.GetRequiredService<CaseHubDbContext>();
        Timeline = context.Services.GetRequiredService<TicketTimeline>();
    }

    public Ticket Ticket { get; }
    public CaseHubDbContext Db { get; }
    public TicketTimeline Timeline { get; }
    public DateTimeOffset Now => _context.Now;

    public static async Task<CaseStep> LoadAsync(ActivityContext context)
    {
        var id = TicketIntake.TicketIdOf(context.Scope.Input)
            ?? throw new InvalidOperationException($"{context.Node.Type} runs only in a ticket's workflow (input '{TicketIntake.TicketIdInput}' is missing).");
        // Find sees the ticket still being added when intake starts the workflow in its own transaction.
        var ticket = await context.Services.GetRequiredService<CaseHubDbContext>().Set<Ticket>().FindAsync(id)
            ?? throw new InvalidOperationException($"Ticket {id} does not exist.");
        return new CaseStep(context, ticket);
    }

    public async Task<Jurisdiction> PlaceAsync() =>
        await Db.Jurisdictions.FindAsync(Ticket.JurisdictionId)
        ?? throw new InvalidOperationException($"Jurisdiction {Ticket.JurisdictionId} of ticket {Ticket.Number} does not exist.");

    /// <summary>The nearest ancestor (or the place itself) of <paramref name="kind"/>; the place when its lineage has none.</summary>
    public async Task<Jurisdiction> AncestorAsync(JurisdictionKind kind)
    {
        var place = await PlaceAsync();
        var lineage = place.LineageIds;
        var found = await Db.Jurisdictions.Where(j => lineage.Contains(j.Id) && j.Kind == kind).ToListAsync();
        return found.MaxBy(j => place.DepthOf(j.Id)) ?? place;
    }

    /// <summary>
    /// Opens a task on the ticket and returns the user-task bookmark that waits for it; both carry one id.
    /// <paramref name="state"/> travels in the bookmark, so the activity knows where it was when the task is completed.
    /// <paramref name="dueHours"/> is the working-hours limit <paramref name="dueAt"/> was counted from (see <see cref="DueInAsync"/>).
    /// </summary>
    public BookmarkSpec OpenTask(string kind, string title, string role, string jurisdictionId, string? providerId,
        IReadOnlyList<string> outcomes, DateTimeOffset? dueAt, JsonObject? state = null, double? dueHours = null)
    {
        var task = new CaseTask
        {
            TicketId = Ticket.Id, Kind = kind, Title = title, Role = role, JurisdictionId = jurisdictionId, ProviderId = providerId,
            Outcomes = string.Join(',', outcomes), WorkflowInstanceId = _context.Run.InstanceId, CreatedAt = Now, DueAt = dueAt,
            DueHours = dueAt is null ? null : dueHours,
        };
        Db.Set<CaseTask>().Add(task);
        var payload = UserTaskActivity.Task(title, kind, role, jurisdictionId, outcomes, dueAt);
        payload["providerId"] = providerId;
        if (state is not null) payload["state"] = state;
        return UserTaskActivity.Bookmark(payload, _context.Scope.CorrelationId, dueAt, task.Id);
    }

    /// <summary>
    /// A time limit (<c>dueHours</c>) as a due time from now, counted like the ticket's SLA: working hours on the
    /// business calendar, paused by the suspensions over the ticket's place. Null when unset or zero.
    /// </summary>
    public async Task<DateTimeOffset?> DueInAsync(double? hours) =>
        hours is > 0
            ? await _context.Services.GetRequiredService<TicketSla>().DueAtAsync(await PlaceAsync(), Now, hours.Value, CancellationToken.None)
            : null;

    public string Actor(BookmarkResume resume) => resume.ResumedBy ?? WorkflowActor;
}

/// <summary>What completed a task: the outcome, the completer's comment and data, and the state the bookmark carried.</summary>
internal sealed record TaskCompletion(string Outcome, string? Comment, JsonObject Data, JsonObject State)
{
    public static TaskCompletion From(BookmarkResume resume) => new(
        Values.ToText(resume.Payload?["outcome"]) ?? UserTaskActivity.TimedOut,
        Values.ToText(resume.Payload?["comment"]),
        resume.Payload?["data"] as JsonObject ?? [],
        resume.Bookmark.Payload?["state"] as JsonObject ?? []);

    public string? DataText(string name) => Values.ToText(Data[name]);
}
