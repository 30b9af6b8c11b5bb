using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Audit;

public sealed record AuditVerification(bool Intact, long Rows, long? FirstBrokenRowId);

/// <summary>
/// Writes and checks the audit chain. <see cref="Record"/> only adds a pending record to the caller's
/// DbContext, so it commits with the change it describes or not at all; <see cref="AuditSealer"/>
/// chains it shortly after (and before every verification).
/// </summary>
public sealed class AuditLog(CaseHubDbContext db, AuditSealer sealer, AuditAnchor anchor, TimeProvider clock)
{
    public PendingAuditEntry Record(string actor, string action, string entityType, string entityId, string? jurisdictionId, object? data = null)
    {
        var now = clock.GetUtcNow();
        var entry = new PendingAuditEntry
        {
            At = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
            Actor = actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            JurisdictionId = jurisdictionId,
            Data = AuditData.Serialize(data),
        };
        db.Set<PendingAuditEntry>().Add(entry);
        return entry;
    }

    /// <summary>
    /// Walks the chain in id order, one row at a time, and names the first row whose id, link to its
    /// predecessor or own hash does not match. A removed row shows as a broken link on the row after it; removed
    /// newest rows show against the anchor (<see cref="AuditAnchor"/>): the first anchored row that is gone.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        await sealer.SealPendingAsync(ct);
        long rows = 0, previousId = 0;
        long? firstBroken = null;
        var previousHash = AuditEntry.GenesisHash;
        await foreach (var entry in db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            rows++;
            var intact = entry.Id == previousId + 1 && entry.PreviousHash == previousHash && entry.Hash == AuditHash.Compute(entry);
            if (!intact) firstBroken ??= entry.Id;
            previousId = entry.Id;
            previousHash = entry.Hash;
        }
        if (firstBroken is null && anchor.Last() is { } head && (previousId < head.Id
                || !await db.Set<AuditEntry>().AnyAsync(e => e.Id == head.Id && e.Hash == head.Hash, ct)))
            firstBroken = Math.Min(previousId + 1, head.Id);
        return new AuditVerification(firstBroken is null, rows, firstBroken);
    }
}
