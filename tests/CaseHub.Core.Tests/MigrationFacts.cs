using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CaseHub.Core.Tests;

public sealed class MigrationFacts
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres", "SqlServer"];

    private static CaseHubDbContext Create(string provider) => provider switch
    {
        "Sqlite" => new SqliteDesignTimeFactory().CreateDbContext([]),
        "Postgres" => new PostgresDesignTimeFactory().CreateDbContext([]),
        _ => new SqlServerDesignTimeFactory().CreateDbContext([]),
    };

    [Theory, MemberData(nameof(Providers))]
    public void EveryProvider_HasMigrationsMatchingTheModel(string provider)
    {
        using var db = Create(provider);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model changed without a {provider} migration; run scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public void SqlServerIdempotentScript_CreatesCoreTablesWithSqlServerTypes()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("[__EFMigrationsHistory]", script);
        foreach (var table in new[] { "Jurisdictions", "ServiceItems", "ModuleSettings", "Providers", "AspNetUsers", "AspNetRoles", "DataProtectionKeys" })
            Assert.Contains($"CREATE TABLE [{table}]", script);
        Assert.Contains("[Id] nvarchar(64) NOT NULL", script);
        Assert.Contains("[NeedsApproval] bit NOT NULL", script);
        Assert.Contains("[ChangedAt] datetimeoffset NOT NULL", script);
        Assert.DoesNotContain("TEXT", script);
    }
}
