using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Audit;

public sealed record AuditVerification(bool Intact, long Rows, long? FirstBrokenRowId);

/// <summary>
/// Writes and checks the audit chain. <see cref="Record"/> only adds the entry to the caller's
/// DbContext, so it commits with the change it describes or not at all; <see cref="AuditChainSealer"/>
/// chains it during that SaveChanges.
/// </summary>
public sealed class AuditLog(CaseHubDbContext db)
{
    private static long _sequence;

    public AuditEntry Record(string actor, string action, string entityType, string entityId, string? jurisdictionId, object? data = null)
    {
        var now = DateTimeOffset.UtcNow;
        var entry = new AuditEntry
        {
            At = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
            Actor = actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            JurisdictionId = jurisdictionId,
            Data = AuditData.Serialize(data),
            Sequence = Interlocked.Increment(ref _sequence),
        };
        // A distinct placeholder key until the sealer assigns the chain id, so several entries can wait in one SaveChanges.
        entry.Id = -entry.Sequence;
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    /// <summary>
    /// Walks the chain in id order, one row at a time, and names the first row whose id, link to its
    /// predecessor or own hash does not match. A removed row shows as a broken link on the row after it.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
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
        return new AuditVerification(firstBroken is null, rows, firstBroken);
    }
}
