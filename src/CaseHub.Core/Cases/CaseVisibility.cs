using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Cases;

/// <summary>
/// The one rule for who sees which ticket, task and resident record; lists, reads, task completion, pages
/// and exports all ask here.
/// <list type="bullet">
/// <item>Staff (administrators, county officers, caseworkers) see the tickets and tasks of their area: their home
/// jurisdiction's subtree. Station staff's area is the island their station serves, not the station alone.</item>
/// <item>A provider's people see a ticket only while their organisation has or had work on it, their
/// organisation's tasks, and the resident's full record only while one of those tasks is open.</item>
/// <item>A channel sees the tickets it placed, only as much as the resident may see, and no tasks.</item>
/// </list>
/// </summary>
public sealed class CaseVisibility(CaseHubDbContext db)
{
    /// <summary>The subtree the actor works in; null when their home jurisdiction no longer exists.</summary>
    public async Task<Jurisdiction?> AreaAsync(Actor actor, CancellationToken ct = default)
    {
        var home = await db.Jurisdictions.FindAsync([actor.HomeJurisdictionId], ct);
        if (home is { Kind: JurisdictionKind.Station, ParentId: { } island } && actor.Is(Roles.StationStaff))
            return await db.Jurisdictions.FindAsync([island], ct) ?? home;
        return home;
    }

    /// <summary>Whether <paramref name="place"/> is inside the actor's area (where they may order, list and act).</summary>
    public async Task<bool> CoversAsync(Actor actor, Jurisdiction place, CancellationToken ct = default) =>
        await AreaAsync(actor, ct) is { } area && place.IsWithin(area.Id);

    /// <summary>The tickets the actor may read.</summary>
    public IQueryable<Ticket> Tickets(Actor actor, Jurisdiction area)
    {
        var tickets = db.Set<Ticket>();
        if (actor.Is(Roles.Provider))
            return tickets.Where(t => t.ProviderId == actor.ProviderId
                || db.Set<CaseTask>().Any(k => k.TicketId == t.Id && k.ProviderId == actor.ProviderId));
        var inArea = from t in tickets join j in db.Jurisdictions.Within(area) on t.JurisdictionId equals j.Id select t;
        if (actor.Is(Roles.Channel)) return inArea.Where(t => t.PlacedBy == actor.Name);
        return actor.IsStaff ? inArea : tickets.Where(_ => false);
    }

    /// <summary>The tasks the actor may see and try to complete (their role is checked on completion, for a clear 403).</summary>
    public IQueryable<CaseTask> Tasks(Actor actor, Jurisdiction area)
    {
        var tasks = db.Set<CaseTask>();
        if (actor.Is(Roles.Provider)) return tasks.Where(t => t.ProviderId == actor.ProviderId);
        if (!actor.IsStaff) return tasks.Where(_ => false);
        return from t in tasks join j in db.Jurisdictions.Within(area) on t.JurisdictionId equals j.Id select t;
    }

    /// <summary>Open: not completed, and (for a workflow's task) its workflow still waits on it.</summary>
    public IQueryable<CaseTask> Open(IQueryable<CaseTask> tasks) =>
        tasks.Where(t => t.CompletedAt == null && (t.WorkflowInstanceId == null || db.Set<WorkflowBookmarkRecord>().Any(b => b.Id == t.Id)));

    /// <summary>Null when the actor may read the resident's unmasked record on a ticket they can see; otherwise why not.</summary>
    public async Task<string?> WhyNotRevealAsync(Actor actor, Guid ticketId, CancellationToken ct = default)
    {
        if (actor.IsStaff) return null;
        if (actor.Is(Roles.Provider)
            && await Open(db.Set<CaseTask>()).AnyAsync(t => t.TicketId == ticketId && t.ProviderId == actor.ProviderId, ct))
            return null;
        return actor.Is(Roles.Provider)
            ? "服务方仅在有待办任务时可查看居民完整信息 / Providers read the full record only while they have an open task on the ticket."
            : "渠道不能查看居民完整信息 / Channels do not read residents' full records.";
    }
}
