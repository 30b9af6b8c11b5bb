using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Audit;

/// <summary>
/// The lock that serialises appends to the chain, held until the surrounding transaction ends.
/// PostgreSQL and SQL Server have transaction-scoped application locks. SQLite allows one writer
/// per database: a write statement takes that lock for the rest of the transaction (EF's own
/// transactions already begin IMMEDIATE, this also covers a caller's deferred one).
/// </summary>
internal static class AuditChainLock
{
    // An arbitrary constant shared by every CaseHub host: "CaseHub.Audit" in ASCII, truncated to 8 bytes.
    private const long AdvisoryKey = 0x4361736548756241;

    public static async Task AcquireAsync(DbContext db, CancellationToken ct)
    {
        var sql = db.Database.ProviderName switch
        {
            "Npgsql.EntityFrameworkCore.PostgreSQL" => $"SELECT pg_advisory_xact_lock({AdvisoryKey})",
            "Microsoft.EntityFrameworkCore.SqlServer" => "EXEC sp_getapplock @Resource = N'CaseHub.Audit', @LockMode = N'Exclusive', @LockOwner = N'Transaction'",
            "Microsoft.EntityFrameworkCore.Sqlite" => "UPDATE \"AuditEntries\" SET \"Id\" = \"Id\" WHERE 0",
            var other => throw new NotSupportedException($"No audit chain lock for database provider {other}."),
        };
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }
}
