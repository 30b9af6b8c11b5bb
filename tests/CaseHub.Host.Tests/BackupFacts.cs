using System.Net;
using System.Text.Json;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static CaseHub.Host.Tests.Infrastructure.Cases;

namespace CaseHub.Host.Tests;

/// <summary>
/// The backup and restore of docs/operations.md, done while the host takes orders: the audit anchor copied first,
/// then the database (pg_dump -Fc / SQLite's online backup API), restored into a fresh database that a new host
/// then serves. Run on PostgreSQL and SQLite by the classes below.
/// </summary>
public abstract class BackupFacts
{
    public sealed record Verification(bool Intact, long Rows, long? FirstBrokenRowId);

    protected abstract CaseHubFactory NewHost();

    /// <summary>Backs up the running host's database as the operations guide says; returns a host (not yet started) on its restored copy.</summary>
    protected abstract Task<CaseHubFactory> BackUpAndRestoreAsync(CaseHubFactory live);

    private static async Task<Verification> VerifyAsync(CaseHubFactory host) =>
        await (await (await host.ClientAsAsync(Admin)).GetAsync("/api/audit/verify")).ReadOkAsync<Verification>();

    [Fact]
    public async Task ABackupTakenUnderLoad_RestoresIntoAHostThatServesItsTickets_WithTheAuditChainIntact()
    {
        await using var live = NewHost();
        var hotline = await live.ClientAsAsync(Hotline);
        var provider = await live.ClientAsAsync(HealthProvider);
        var placed = new List<string>();
        for (var i = 0; i < 4; i++) placed.Add(await OrderAsync(hotline, Order()));
        await DoAsync(provider, placed[0], "dispatch", "Accept");
        var before = await VerifyAsync(live);
        Assert.True(before.Intact, $"the live chain is broken at row {before.FirstBrokenRowId}");
        var seen = new Dictionary<string, JsonElement>();
        foreach (var id in placed) seen[id] = await TicketAsync(hotline, id);

        // Orders keep arriving while the backup runs: it must not need the host stopped.
        var inFlight = Enumerable.Range(0, 6).Select(_ => OrderAsync(hotline, Order())).ToList();
        await using var restored = await BackUpAndRestoreAsync(live);
        await Task.WhenAll(inFlight);
        var afterBackup = await OrderAsync(hotline, Order());

        var chain = await VerifyAsync(restored);
        Assert.True(chain.Intact, $"the restored chain is broken at row {chain.FirstBrokenRowId} of {chain.Rows}");
        Assert.True(chain.Rows >= before.Rows, $"the restored chain has {chain.Rows} rows, the live one had {before.Rows} before the backup");

        var restoredHotline = await restored.ClientAsAsync(Hotline);
        foreach (var (id, was) in seen)
        {
            var now = await TicketAsync(restoredHotline, id);
            Assert.Equal(was.GetProperty("number").GetString(), now.GetProperty("number").GetString());
            Assert.Equal(Status(was), Status(now));
            Assert.Equal(was.GetProperty("workflowInstanceId").GetString(), now.GetProperty("workflowInstanceId").GetString());
            Assert.Equal(was.GetProperty("tasks").GetArrayLength(), now.GetProperty("tasks").GetArrayLength());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await restoredHotline.GetAsync($"/api/tickets/{afterBackup}")).StatusCode);

        // The workflows go on where they were: the accepted ticket's delivery and the others' dispatch wait in the restored bookmarks.
        var restoredProvider = await restored.ClientAsAsync(HealthProvider);
        await DoAsync(restoredProvider, placed[0], "delivery", "Delivered", data: new { notes = "已上门" });
        await DoAsync(restoredProvider, placed[1], "dispatch", "Accept");
        var next = await TicketAsync(restoredHotline, await OrderAsync(restoredHotline, Order()));
        Assert.DoesNotContain(next.GetProperty("number").GetString(), seen.Values.Select(t => t.GetProperty("number").GetString()));

        var end = await VerifyAsync(restored);
        Assert.True(end.Intact, $"the restored chain broke at row {end.FirstBrokenRowId} after new work");
        Assert.True(end.Rows > chain.Rows, "the restored host's new work was not audited");
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresBackupFacts : BackupFacts
{
    protected override CaseHubFactory NewHost() => new PostgresHost();

    protected override async Task<CaseHubFactory> BackUpAndRestoreAsync(CaseHubFactory live)
    {
        var source = (PostgresHost)live;
        var restored = new PostgresHost($"casehub_restored_{Guid.NewGuid():N}");
        var dump = Path.Combine(Path.GetTempPath(), $"{source.DatabaseName}.dump");
        try
        {
            // The anchor before the dump: every head it names was committed before the dump's snapshot began.
            File.Copy(source.AnchorFile, restored.AnchorFile);
            // Without Hangfire's schema: its jobs are made again at start and from the timers table, and a lock row a
            // live host held at the snapshot would block the restored host's start until the lock expires (10 min).
            await PostgresTools.RunAsync("pg_dump", "-Fc", "--exclude-schema=hangfire", "-f", dump, "-d", source.DatabaseName);
            await PostgresTools.CreateDatabaseAsync(restored.DatabaseName);
            await PostgresTools.RunAsync("pg_restore", "--no-owner", "--exit-on-error", "-d", restored.DatabaseName, dump);
        }
        finally
        {
            File.Delete(dump);
        }
        return restored;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBackupFacts : BackupFacts
{
    protected override CaseHubFactory NewHost() => new SqliteHost();

    protected override Task<CaseHubFactory> BackUpAndRestoreAsync(CaseHubFactory live)
    {
        var source = (SqliteHost)live;
        var copy = Path.Combine(Path.GetTempPath(), $"casehub-restored-{Guid.NewGuid():N}.db");
        File.Copy(source.AnchorFile, copy + ".anchor");
        // sqlite3_backup, as `sqlite3 casehub.db ".backup copy.db"` runs it: a consistent copy while the host writes.
        using (var from = new SqliteConnection($"Data Source={source.DatabaseFile};Pooling=false"))
        using (var to = new SqliteConnection($"Data Source={copy};Pooling=false"))
        {
            from.Open();
            to.Open();
            // A writer's commit or checkpoint can hold the lock for a moment: retry as the sqlite3 shell's .backup does.
            for (var attempt = 1; ; attempt++)
            {
                try { from.BackupDatabase(to); break; }
                catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && attempt < 50) { Thread.Sleep(100); }
            }
        }
        return Task.FromResult<CaseHubFactory>(new SqliteHost(copy));
    }
}
