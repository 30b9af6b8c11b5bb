using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Sla;

/// <summary>Reads and records suspensions; a place is paused by its own suspensions and by its ancestors'.</summary>
public sealed class Suspensions(CaseHubDbContext db, TimeProvider clock, AuditLog audit, SlaRecalculation recalculation, Visits.VisitMoves visits)
{
    /// <summary>The suspended intervals overlapping [from, to) that apply to <paramref name="place"/>, ordered by start.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)>> SuspensionsForAsync(
        Jurisdiction place, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var lineage = place.LineageIds;
        var rows = await db.Set<Suspension>().AsNoTracking()
            .Where(s => lineage.Contains(s.JurisdictionId) && s.From < to && s.To > from)
            .Select(s => new { s.From, s.To })
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.From, r.To)).OrderBy(r => r.From)];
    }

    /// <summary>Every suspension declared on <paramref name="place"/> or an ancestor, earliest first.</summary>
    public async Task<IReadOnlyList<Suspension>> AffectingAsync(Jurisdiction place, CancellationToken ct = default)
    {
        var lineage = place.LineageIds;
        var rows = await db.Set<Suspension>().AsNoTracking().Where(s => lineage.Contains(s.JurisdictionId)).ToListAsync(ct);
        return [.. rows.OrderBy(s => s.From).ThenBy(s => s.Id)];
    }

    /// <summary>
    /// Records the suspension, moves the due times of the open tickets it pauses and the planned visits inside it, in
    /// one transaction: a suspension is never visible without what it moved, nor the other way round.
    /// </summary>
    public async Task<Suspension> DeclareAsync(Jurisdiction place, DateTimeOffset from, DateTimeOffset to, string reason, string declaredBy, CancellationToken ct = default)
    {
        if (to <= from) throw new ArgumentException("A suspension must end after it starts.", nameof(to));
        var suspension = new Suspension
        {
            JurisdictionId = place.Id, From = from, To = to, Reason = reason, CreatedBy = declaredBy, CreatedAt = clock.GetUtcNow(),
        };
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        // One lock for the whole platform, borrowed from the audit chain (declarations are rare): two declarations over
        // one subtree run one after the other, and each recalculation sees the suspensions committed before it.
        await db.LockAuditChainAsync(ct);
        db.Set<Suspension>().Add(suspension);
        var moved = await recalculation.ApplyAsync(place, suspension, declaredBy, ct);
        var movedVisits = await visits.MoveOutOfAsync(place, suspension, declaredBy, ct);
        audit.Record(declaredBy, "suspension.declare", nameof(Suspension), suspension.Id.ToString(), place.Id, new { from, to, reason, movedDueTimes = moved, movedVisits });
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return suspension;
    }
}
