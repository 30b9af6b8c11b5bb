using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Data;

/// <summary>The provider the original brief names; checked here by generating its migration script.</summary>
public sealed class SqlServerCaseHubDbContext(DbContextOptions<SqlServerCaseHubDbContext> options) : CaseHubDbContext(options)
{
    // MERGE is not atomic by itself: HOLDLOCK keeps two sessions from both taking the NOT MATCHED branch.
    private protected override string NextTicketSequenceSql => """
        MERGE [TicketCounters] WITH (HOLDLOCK) AS t
        USING (SELECT {0} AS [Day]) AS s ON t.[Day] = s.[Day]
        WHEN MATCHED THEN UPDATE SET [Last] = t.[Last] + 1
        WHEN NOT MATCHED THEN INSERT ([Day], [Last]) VALUES (s.[Day], 1)
        OUTPUT inserted.[Last] AS [Value];
        """;

    // An application lock owned by the transaction: released at commit or rollback.
    private protected override string AuditChainLockSql =>
        "EXEC sp_getapplock @Resource = N'CaseHub.Audit', @LockMode = N'Exclusive', @LockOwner = N'Transaction'";
}
