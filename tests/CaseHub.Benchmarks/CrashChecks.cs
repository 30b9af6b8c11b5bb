using System.Data.Common;
using Npgsql;

namespace CaseHub.Benchmarks;

/// <summary>
/// What a crash must not leave behind, read from the database with plain SQL. Each engine step commits the instance's
/// state, its bookmarks, timers, journal and outbox in one transaction, so a step cut short leaves either all of it or
/// none of it; these queries look for the shapes a half-written step would have.
/// </summary>
internal static class CrashChecks
{
    /// <summary>Each invariant as (what it counts, SQL returning the count); every count must be 0.</summary>
    private static readonly (string Name, string Sql)[] Invariants =
    [
        ("tickets without their workflow instance",
            """SELECT count(*) FROM "Tickets" t WHERE NOT EXISTS (SELECT 1 FROM "WorkflowInstances" i WHERE i."Id" = t."WorkflowInstanceId")"""),
        ("tickets left Submitted (workflow never stepped)", """SELECT count(*) FROM "Tickets" WHERE "Status" = 'Submitted'"""),
        // A step stores only where it came to rest; Running in the table is a step that never finished committing.
        ("instances stored as Running", """SELECT count(*) FROM "WorkflowInstances" WHERE "Status" = 'Running'"""),
        ("suspended instances with no bookmark to resume",
            """SELECT count(*) FROM "WorkflowInstances" i WHERE i."Status" = 'Suspended' AND NOT EXISTS (SELECT 1 FROM "WorkflowBookmarks" b WHERE b."InstanceId" = i."Id")"""),
        ("bookmarks of ended or missing instances",
            """SELECT count(*) FROM "WorkflowBookmarks" b LEFT JOIN "WorkflowInstances" i ON i."Id" = b."InstanceId" WHERE i."Id" IS NULL OR i."Status" IN ('Finished', 'Cancelled')"""),
        ("timers without their bookmark",
            """SELECT count(*) FROM "WorkflowTimers" t WHERE t."InstanceId" NOT LIKE 't:%' AND NOT EXISTS (SELECT 1 FROM "WorkflowBookmarks" b WHERE b."Id" = t."Id")"""),
        ("timers overdue by more than 30 s", """SELECT count(*) FROM "WorkflowTimers" WHERE "DueAt" < now() - interval '30 seconds'"""),
        ("open tasks of a waiting instance with no bookmark",
            """SELECT count(*) FROM "CaseTasks" c JOIN "WorkflowInstances" i ON i."Id" = c."WorkflowInstanceId" WHERE c."CompletedAt" IS NULL AND i."Status" = 'Suspended' AND NOT EXISTS (SELECT 1 FROM "WorkflowBookmarks" b WHERE b."Id" = c."Id")"""),
        ("faulted instances", """SELECT count(*) FROM "WorkflowInstances" WHERE "Status" = 'Faulted'"""),
        ("outbox messages not delivered", """SELECT count(*) FROM "WorkflowOutbox" WHERE "ProcessedAt" IS NULL"""),
        ("audit records not sealed", """SELECT count(*) FROM "PendingAuditEntries" WHERE "At" < now() - interval '30 seconds'"""),
    ];

    public sealed record Acknowledged(int Count, int Missing, int WithoutTask, int Stored);

    /// <summary>Of the tickets answered 201: how many are missing, how many have no task; and how many tickets there are in all.</summary>
    public static async Task<Acknowledged> AcknowledgedAsync(IntakeDatabase database, IReadOnlyCollection<Guid> ids)
    {
        await using var connection = await OpenAsync(database);
        var found = 0;
        var withoutTask = 0;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT EXISTS (SELECT 1 FROM "CaseTasks" c WHERE c."TicketId" = t."Id") FROM "Tickets" t WHERE t."Id" = ANY(@ids)""";
            command.Parameters.AddWithValue("ids", ids.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found++;
                if (!reader.GetBoolean(0)) withoutTask++;
            }
        }
        return new Acknowledged(ids.Count, ids.Count - found, withoutTask, (int)await CountAsync(connection, """SELECT count(*) FROM "Tickets" """));
    }

    public static async Task<List<(string Name, long Count)>> InvariantsAsync(IntakeDatabase database)
    {
        await using var connection = await OpenAsync(database);
        var counts = new List<(string, long)>();
        foreach (var (name, sql) in Invariants) counts.Add((name, await CountAsync(connection, sql)));
        return counts;
    }

    /// <summary>A connection of its own, outside the pool: the pool's connections died with a restarted server.</summary>
    private static async Task<NpgsqlConnection> OpenAsync(IntakeDatabase database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> CountAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
