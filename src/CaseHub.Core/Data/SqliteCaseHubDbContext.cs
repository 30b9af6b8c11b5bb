using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Data;

/// <summary>The embedded default: one file, one writer at a time.</summary>
public sealed class SqliteCaseHubDbContext(DbContextOptions<SqliteCaseHubDbContext> options) : CaseHubDbContext(options)
{
    // Upsert with RETURNING needs SQLite 3.35+, which Microsoft.Data.Sqlite bundles.
    private protected override string NextTicketSequenceSql => """
        INSERT INTO "TicketCounters" ("Day", "Last") VALUES ({0}, 1)
        ON CONFLICT ("Day") DO UPDATE SET "Last" = "TicketCounters"."Last" + 1
        RETURNING "Last" AS "Value"
        """;

    // SQLite has no application locks, but only one writer per database: any write statement holds the
    // write lock for the rest of the transaction. EF's own transactions already begin IMMEDIATE; this
    // no-op write also covers a caller's deferred one.
    private protected override string AuditChainLockSql => """UPDATE "AuditEntries" SET "Id" = "Id" WHERE 0""";
}
