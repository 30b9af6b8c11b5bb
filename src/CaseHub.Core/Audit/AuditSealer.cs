using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Audit;

/// <summary>
/// Chains pending audit records into the log: under the chain lock, read the tail, give each record
/// id = tail + 1 and its hash, and move it from <see cref="PendingAuditEntry"/> to <see cref="AuditEntry"/>
/// in one transaction. Hosts run it every few seconds and before a verification; two hosts sealing at
/// once wait for each other on the lock, and the primary key on the id stops a fork if they did not.
/// </summary>
public sealed class AuditSealer(CaseHubDbContext db, AuditAnchor anchor, TimeProvider clock)
{
    public const int BatchSize = 500;

    /// <summary>Seals everything pending; returns how many records were chained.</summary>
    public async Task<int> SealPendingAsync(CancellationToken ct = default)
    {
        var sealedCount = 0;
        while (true)
        {
            var batch = await SealBatchAsync(ct);
            sealedCount += batch;
            if (batch < BatchSize) return sealedCount;
        }
    }

    private async Task<int> SealBatchAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.LockAuditChainAsync(ct);
        // Read after the lock: a sealer that waited sees what the one before it moved.
        var pending = await db.Set<PendingAuditEntry>().OrderBy(p => p.At).ThenBy(p => p.Id).Take(BatchSize).ToListAsync(ct);
        if (pending.Count == 0) return 0;
        var tail = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Id).Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(ct);
        var (id, hash) = tail is null ? (0L, AuditEntry.GenesisHash) : (tail.Id, tail.Hash);
        foreach (var p in pending)
        {
            var entry = new AuditEntry
            {
                Id = ++id, At = p.At, Actor = p.Actor, Action = p.Action, EntityType = p.EntityType, EntityId = p.EntityId,
                JurisdictionId = p.JurisdictionId, Data = p.Data, PreviousHash = hash,
            };
            entry.Hash = hash = AuditHash.Compute(entry);
            db.Set<AuditEntry>().Add(entry);
        }
        db.Set<PendingAuditEntry>().RemoveRange(pending);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            anchor.Record(id, hash, clock.GetUtcNow());
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return pending.Count;
    }
}
