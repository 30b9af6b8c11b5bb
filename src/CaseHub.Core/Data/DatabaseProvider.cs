using CaseHub.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Data;

public enum DatabaseProvider { Sqlite, Postgres, SqlServer }

public static class CaseHubDatabase
{
    public const string DefaultConnectionString = "Data Source=App_Data/casehub.db";

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider is '{value}'; set it to Sqlite, Postgres or SqlServer.");
    }

    /// <summary>
    /// Registers <see cref="CaseHubDbContext"/> as the provider-specific subclass, so that the matching
    /// migrations (found by context type) are the ones applied and the subclass's dialect SQL (ticket
    /// counter, audit chain lock) is the one run. The subclass is chosen here and nowhere else.
    /// </summary>
    public static IServiceCollection AddCaseHubDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => services.AddDbContext<CaseHubDbContext, SqliteCaseHubDbContext>(o => o.UseSqlite(connectionString)),
            DatabaseProvider.Postgres => services.AddDbContext<CaseHubDbContext, PostgresCaseHubDbContext>(o => o.UseNpgsql(connectionString)),
            DatabaseProvider.SqlServer => services.AddDbContext<CaseHubDbContext, SqlServerCaseHubDbContext>(o => o.UseSqlServer(connectionString)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        return services;
    }
}

// Design-time factories: `dotnet ef migrations add X --context <Provider>CaseHubDbContext` builds each
// context against a placeholder connection; nothing is opened while generating migrations.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCaseHubDbContext>
{
    public SqliteCaseHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCaseHubDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCaseHubDbContext>
{
    public PostgresCaseHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCaseHubDbContext>().UseNpgsql("Host=localhost;Database=casehub").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCaseHubDbContext>
{
    public SqlServerCaseHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerCaseHubDbContext>().UseSqlServer("Server=localhost;Database=CaseHub;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
