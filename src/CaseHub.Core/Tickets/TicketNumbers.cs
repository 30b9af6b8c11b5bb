using CaseHub.Core.Data;
using CaseHub.Core.Sla;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tickets;

/// <summary>
/// Hands out ticket numbers such as <c>ZS-20261122-000123</c>: a counter per China-time day, bumped and
/// read back by a single upsert statement, so concurrent callers on any node never share a number.
/// The statement joins the context's current transaction if there is one; a caller that wants intake to
/// stay concurrent takes the number before opening its transaction (a rolled-back ticket then leaves a gap).
/// </summary>
public sealed class TicketNumbers(CaseHubDbContext db, TimeProvider time)
{
    public const string Prefix = "ZS";

    public Task<string> NextAsync(CancellationToken ct = default) =>
        NextAsync(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), BusinessCalendar.ChinaTime).DateTime), ct);

    /// <summary>The next number on <paramref name="day"/> (a China-time date).</summary>
    public async Task<string> NextAsync(DateOnly day, CancellationToken ct = default)
    {
        var last = await db.Database.SqlQueryRaw<long>(UpsertSql(), day).ToListAsync(ct);
        return Format(day, last.Single());
    }

    public static string Format(DateOnly day, long sequence) => $"{Prefix}-{day:yyyyMMdd}-{sequence:D6}";

    // Each dialect's atomic "insert 1 or add 1, and tell me the result"; the value column is named Value for SqlQueryRaw<long>.
    private string UpsertSql()
    {
        if (db.Database.IsSqlServer())
            return """
                MERGE [TicketCounters] WITH (HOLDLOCK) AS t
                USING (SELECT {0} AS [Day]) AS s ON t.[Day] = s.[Day]
                WHEN MATCHED THEN UPDATE SET [Last] = t.[Last] + 1
                WHEN NOT MATCHED THEN INSERT ([Day], [Last]) VALUES (s.[Day], 1)
                OUTPUT inserted.[Last] AS [Value];
                """;
        // PostgreSQL and SQLite (3.35+) share the upsert-with-RETURNING syntax.
        return """
            INSERT INTO "TicketCounters" ("Day", "Last") VALUES ({0}, 1)
            ON CONFLICT ("Day") DO UPDATE SET "Last" = "TicketCounters"."Last" + 1
            RETURNING "Last" AS "Value"
            """;
    }
}
