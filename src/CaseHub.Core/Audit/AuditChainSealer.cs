using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseHub.Core.Audit;

/// <summary>
/// Chains the audit entries of a SaveChanges in one serialised step inside the transaction that
/// commits them: take the chain lock, read the tail, give each new entry id = tail + 1 and the hash.
/// The lock makes concurrent appenders (other requests, other hosts) wait for each other; the primary
/// key on the id is the backstop: an appender that read a stale tail cannot commit, so the chain never forks.
/// </summary>
public sealed class AuditChainSealer : SaveChangesInterceptor
{
    public static readonly AuditChainSealer Instance = new();

    // Transactions this interceptor began because the caller had none; committed or rolled back when SaveChanges ends.
    private readonly ConditionalWeakTable<DbContext, IDbContextTransaction> _owned = new();

    private AuditChainSealer() { }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db && Pending(db).Count > 0)
            throw new InvalidOperationException("Audit entries are chained under a database lock; save them with SaveChangesAsync.");
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        if (eventData.Context is not { } db) return result;
        var pending = Pending(db);
        if (pending.Count == 0) return result;

        if (db.Database.CurrentTransaction is null) _owned.AddOrUpdate(db, await db.Database.BeginTransactionAsync(ct));
        try
        {
            await AuditChainLock.AcquireAsync(db, ct);
            var tail = await db.Set<AuditEntry>().AsNoTracking()
                .OrderByDescending(e => e.Id).Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(ct);
            var (id, hash) = tail is null ? (0L, AuditEntry.GenesisHash) : (tail.Id, tail.Hash);
            // Every added entry is (re)sealed: after a failed save the caller may retry against a newer tail.
            foreach (var entry in pending)
            {
                entry.Id = ++id;
                entry.PreviousHash = hash;
                entry.Hash = hash = AuditHash.Compute(entry);
            }
        }
        catch
        {
            await EndOwnedAsync(db, commit: false, CancellationToken.None);
            throw;
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        await EndOwnedAsync(eventData.Context, commit: true, ct);
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default) =>
        EndOwnedAsync(eventData.Context, commit: false, CancellationToken.None);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken ct = default) =>
        EndOwnedAsync(eventData.Context, commit: false, CancellationToken.None);

    private static List<AuditEntry> Pending(DbContext db) => db.ChangeTracker.Entries<AuditEntry>()
        .Where(e => e.State == EntityState.Added).Select(e => e.Entity).OrderBy(e => e.Sequence).ToList();

    private async Task EndOwnedAsync(DbContext? db, bool commit, CancellationToken ct)
    {
        if (db is null || !_owned.TryGetValue(db, out var transaction)) return;
        _owned.Remove(db);
        await using (transaction)
        {
            if (commit) await transaction.CommitAsync(ct);
            else await transaction.RollbackAsync(ct);
        }
    }
}
