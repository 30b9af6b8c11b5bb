using System.Net;
using System.Text.Json;
using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests;

/// <summary>
/// The audit chain over HTTP; run once on SQLite and once on PostgreSQL by the classes below. Each fact
/// uses a host of its own, so the rows it counts and tampers with are its own.
/// </summary>
public abstract class AuditFacts
{
    private const string Admin = "admin@casehub.local";
    private const string PutuoCaseworker = "putuo.caseworker@casehub.local";

    public sealed record Verification(bool Intact, long Rows, long? FirstBrokenRowId);
    private sealed record Place(string Id, string Kind);

    protected abstract CaseHubFactory NewHost();

    private static async Task<Verification> VerifyAsync(CaseHubFactory host) =>
        await (await (await host.ClientAsAsync(Admin)).GetAsync("/api/audit/verify")).ReadOkAsync<Verification>();

    private static async Task ToggleAsync(CaseHubFactory host, string jurisdictionId, string moduleId, bool enabled) =>
        (await (await host.ClientAsAsync(Admin)).PutJsonAsync($"/api/jurisdictions/{jurisdictionId}/modules/{moduleId}", new { enabled })).EnsureSuccessStatusCode();

    private static async Task<List<AuditEntry>> RowsAsync(CaseHubFactory host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync();
        return await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    private static async Task SqlAsync(CaseHubFactory host, string sql, long id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var changed = await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Database.ExecuteSqlRawAsync(sql, id);
        Assert.Equal(1, changed);
    }

    /// <summary>Three toggles on a fresh host; returns the ids of their audit rows.</summary>
    private static async Task<List<long>> ThreeTogglesAsync(CaseHubFactory host)
    {
        var before = (await RowsAsync(host)).Count;
        await ToggleAsync(host, "putuo", "culture", false);
        await ToggleAsync(host, "baisha", "health", false);
        await ToggleAsync(host, "putuo", "culture", true);
        return (await RowsAsync(host)).Skip(before).Select(r => r.Id).ToList();
    }

    [Fact]
    public async Task ModuleToggles_WriteChainedRows_AndVerifyIsIntact()
    {
        await using var host = NewHost();
        var before = await VerifyAsync(host);

        var ids = await ThreeTogglesAsync(host);

        var rows = await RowsAsync(host);
        var mine = rows.Where(r => ids.Contains(r.Id)).ToList();
        Assert.Equal(["module.disable", "module.disable", "module.enable"], mine.Select(r => r.Action));
        Assert.All(mine, r => Assert.Equal(Admin, r.Actor));
        Assert.Equal(["putuo/culture", "baisha/health", "putuo/culture"], mine.Select(r => r.EntityId));
        Assert.Equal("baisha", mine[1].JurisdictionId);
        Assert.False(JsonDocument.Parse(mine[0].Data!).RootElement.GetProperty("enabled").GetBoolean());
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.Equal(rows[i - 1].Id + 1, rows[i].Id);
            Assert.Equal(rows[i - 1].Hash, rows[i].PreviousHash);
        }

        var after = await VerifyAsync(host);
        Assert.True(after.Intact);
        Assert.Equal(before.Rows + 3, after.Rows);
        Assert.Null(after.FirstBrokenRowId);
    }

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "Data" = '{{"moduleId":"culture","enabled":true}}' WHERE "Id" = {0}""")]
    [InlineData("""UPDATE "AuditEntries" SET "Actor" = 'mallory@example.com' WHERE "Id" = {0}""")]
    public async Task EditingARowInTheDatabase_IsNamedByVerify(string update)
    {
        await using var host = NewHost();
        var ids = await ThreeTogglesAsync(host);

        await SqlAsync(host, update, ids[1]);

        var result = await VerifyAsync(host);
        Assert.False(result.Intact);
        Assert.Equal(ids[1], result.FirstBrokenRowId);
        Assert.Equal((await RowsAsync(host)).Count, result.Rows);
    }

    [Fact]
    public async Task DeletingAMiddleRow_IsDetectedAtTheRowAfterIt()
    {
        await using var host = NewHost();
        var ids = await ThreeTogglesAsync(host);

        await SqlAsync(host, """DELETE FROM "AuditEntries" WHERE "Id" = {0}""", ids[1]);

        var result = await VerifyAsync(host);
        Assert.False(result.Intact);
        Assert.Equal(ids[2], result.FirstBrokenRowId);
    }

    [Fact]
    public async Task DeletingTheNewestSealedRows_IsDetectedAgainstTheAnchorOutsideTheDatabase()
    {
        await using var host = NewHost();
        var ids = await ThreeTogglesAsync(host);
        Assert.True((await VerifyAsync(host)).Intact);

        await SqlAsync(host, """DELETE FROM "AuditEntries" WHERE "Id" = {0}""", ids[2]);
        await SqlAsync(host, """DELETE FROM "AuditEntries" WHERE "Id" = {0}""", ids[1]);

        // What is left is a chain intact from genesis to its new end; only the anchor knows it was longer.
        var result = await VerifyAsync(host);
        Assert.False(result.Intact);
        Assert.Equal(ids[1], result.FirstBrokenRowId);
    }

    [Fact]
    public async Task ConcurrentToggles_LeaveOneIntactChain()
    {
        await using var host = NewHost();
        var admin = await host.ClientAsAsync(Admin);
        var places = (await (await admin.GetAsync("/api/jurisdictions")).ReadOkAsync<List<Place>>()).Select(p => p.Id).Take(20).ToList();
        Assert.Equal(20, places.Count);
        var before = await VerifyAsync(host);

        await Task.WhenAll(places.Select(id => ToggleAsync(host, id, "legalaid", false)));

        var after = await VerifyAsync(host);
        Assert.True(after.Intact, $"chain broken at row {after.FirstBrokenRowId}");
        Assert.Equal(before.Rows + 20, after.Rows);
        Assert.Equal(places.Order(), (await RowsAsync(host)).Where(r => r.Action == "module.disable").Select(r => r.JurisdictionId!).Order());
    }

    [Fact]
    public async Task ConcurrentSealers_ChainEveryPendingRecordOnce()
    {
        await using var host = NewHost();
        var admin = await host.ClientAsAsync(Admin);
        var places = (await (await admin.GetAsync("/api/jurisdictions")).ReadOkAsync<List<Place>>()).Select(p => p.Id).Take(20).ToList();
        var before = await VerifyAsync(host);
        await Task.WhenAll(places.Select(id => ToggleAsync(host, id, "culture", false)));

        // Two sealers at once (as two hosts' jobs would run, beside this host's own job): each record is chained exactly once.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync();
        }));
        await using (var scope = host.Services.CreateAsyncScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<PendingAuditEntry>().CountAsync());
        var after = await VerifyAsync(host);
        Assert.True(after.Intact, $"chain broken at row {after.FirstBrokenRowId}");
        Assert.Equal(before.Rows + 20, after.Rows);
    }

    [Fact]
    public async Task Verify_IsForAdministratorsOnly()
    {
        await using var host = NewHost();
        await (await host.CreateClient().GetAsync("/api/audit/verify")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await (await host.ClientAsAsync(PutuoCaseworker)).GetAsync("/api/audit/verify")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAuditFacts : AuditFacts
{
    protected override CaseHubFactory NewHost() => new SqliteHost();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditFacts : AuditFacts
{
    protected override CaseHubFactory NewHost() => new PostgresHost();
}
