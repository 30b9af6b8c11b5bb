using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Data;

/// <summary>The server for real deployments; several hosts may share it.</summary>
public sealed class PostgresCaseHubDbContext(DbContextOptions<PostgresCaseHubDbContext> options) : CaseHubDbContext(options)
{
    // An arbitrary constant shared by every CaseHub host: "CaseHub.Audit" in ASCII, truncated to 8 bytes.
    private const long AuditAdvisoryKey = 0x4361736548756241;

    private protected override string NextTicketSequenceSql => """
        INSERT INTO "TicketCounters" ("Day", "Last") VALUES ({0}, 1)
        ON CONFLICT ("Day") DO UPDATE SET "Last" = "TicketCounters"."Last" + 1
        RETURNING "Last" AS "Value"
        """;

    // A transaction-scoped advisory lock: released at commit or rollback, so a crashed host never keeps it.
    private protected override string AuditChainLockSql => $"SELECT pg_advisory_xact_lock({AuditAdvisoryKey})";
}
