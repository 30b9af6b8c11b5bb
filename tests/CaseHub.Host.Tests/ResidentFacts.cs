using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Residents;
using CaseHub.Core.Tickets;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests;

/// <summary>
/// Residents and ticket numbers against a real database; run on SQLite and on PostgreSQL by the classes
/// below. Each fact starts a host of its own, so the rows it counts are its own.
/// </summary>
public abstract class ResidentFacts
{
    private const string IdNumber = "330902198506121235";

    protected abstract CaseHubFactory NewHost();

    private static async Task<T> InScopeAsync<T>(CaseHubFactory host, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static Task<Resident> FindOrCreateAsync(CaseHubFactory host, string name, string phone, string? id = null) =>
        InScopeAsync(host, sp => sp.GetRequiredService<ResidentDirectory>().FindOrCreateAsync(name, phone, id, "hotline@casehub.local"));

    [Fact]
    public async Task The_same_phone_finds_the_same_resident_however_it_is_written()
    {
        await using var host = NewHost();
        var first = await FindOrCreateAsync(host, "王阿婆", "13812345678", IdNumber);
        var again = await FindOrCreateAsync(host, "王秀英", "+86 138-1234-5678");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("王阿婆", again.Name);
        Assert.Equal("13812345678", again.Phone);
        Assert.Equal("330902********1235", again.IdNumberMasked);
        Assert.Equal(1, await InScopeAsync(host, sp => sp.GetRequiredService<CaseHubDbContext>().Set<Resident>().CountAsync()));
    }

    [Fact]
    public async Task Concurrent_intake_for_one_phone_creates_one_resident()
    {
        await using var host = NewHost();
        // Started first: the factory builds its host lazily, and concurrent first uses would each start (and seed) one.
        host.StartServer();
        var residents = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => FindOrCreateAsync(host, "李大爷", "13900001111"))));

        Assert.Single(residents.Select(r => r.Id).Distinct());
        Assert.Equal(1, await InScopeAsync(host, sp => sp.GetRequiredService<CaseHubDbContext>().Set<Resident>().CountAsync()));
    }

    [Fact]
    public async Task The_stored_row_holds_no_plaintext_ID_number()
    {
        await using var host = NewHost();
        var resident = await FindOrCreateAsync(host, "王阿婆", "13812345678", IdNumber);

        var values = await InScopeAsync(host, async sp =>
        {
            var connection = sp.GetRequiredService<CaseHubDbContext>().Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM \"Residents\"";
            await using var reader = await command.ExecuteReaderAsync();
            var row = new List<string>();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++) row.Add(Convert.ToString(reader.GetValue(i)) ?? "");
            return row;
        });

        Assert.NotEmpty(values);
        Assert.DoesNotContain(values, v => v.Contains(IdNumber, StringComparison.OrdinalIgnoreCase));
        // The birth date is the sensitive middle part; neither it nor the whole number may appear in any column.
        Assert.DoesNotContain(values, v => v.Contains("19850612", StringComparison.Ordinal));
        Assert.Contains("330902********1235", values);
        Assert.False(string.IsNullOrEmpty(resident.IdNumberProtected));
    }

    [Fact]
    public async Task Revealing_the_ID_number_returns_it_and_writes_one_audit_row()
    {
        await using var host = NewHost();
        var resident = await FindOrCreateAsync(host, "王阿婆", "13812345678", IdNumber);
        var before = await host.SealedAuditAsync(rows => rows.CountAsync(e => e.Action == ResidentDirectory.RevealAction));

        var revealed = await InScopeAsync(host, sp => sp.GetRequiredService<ResidentDirectory>().RevealIdNumberAsync(resident.Id, "putuo.caseworker@casehub.local"));

        Assert.Equal(IdNumber, revealed);
        var rows = await host.SealedAuditAsync(rows => rows.Where(e => e.Action == ResidentDirectory.RevealAction).ToListAsync());
        Assert.Equal(before + 1, rows.Count);
        var row = Assert.Single(rows);
        Assert.Equal("putuo.caseworker@casehub.local", row.Actor);
        Assert.Equal(resident.Id.ToString(), row.EntityId);
        Assert.DoesNotContain(IdNumber, row.Data ?? "");
        Assert.True((await InScopeAsync(host, sp => sp.GetRequiredService<AuditLog>().VerifyAsync())).Intact);
    }

    [Fact]
    public async Task Bad_details_name_each_field_and_store_nothing()
    {
        await using var host = NewHost();
        var refused = await Assert.ThrowsAsync<ResidentValidationException>(() => FindOrCreateAsync(host, " ", "1381234567", "330902198506121234"));

        Assert.Equal(["idNumber", "name", "phone"], refused.Errors.Keys.Order());
        Assert.Equal(0, await InScopeAsync(host, sp => sp.GetRequiredService<CaseHubDbContext>().Set<Resident>().CountAsync()));
    }

    [Fact]
    public async Task Fifty_concurrent_ticket_numbers_on_one_day_are_distinct_and_consecutive()
    {
        await using var host = NewHost();
        host.StartServer();
        var day = new DateOnly(2026, 11, 22);
        var numbers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            InScopeAsync(host, sp => ActivatorUtilities.CreateInstance<TicketNumbers>(sp).NextAsync(day)))));

        Assert.Equal(Enumerable.Range(1, 50).Select(n => TicketNumbers.Format(day, n)), numbers.Order(StringComparer.Ordinal));
        Assert.Equal("ZS-20261123-000001", await InScopeAsync(host, sp => ActivatorUtilities.CreateInstance<TicketNumbers>(sp).NextAsync(day.AddDays(1))));
    }
}

public sealed class SqliteResidentFacts : ResidentFacts
{
    protected override CaseHubFactory NewHost() => new SqliteHost();
}

public sealed class PostgresResidentFacts : ResidentFacts
{
    protected override CaseHubFactory NewHost() => new PostgresHost();
}
