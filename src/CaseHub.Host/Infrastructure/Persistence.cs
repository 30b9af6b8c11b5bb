using CaseHub.Core;
using CaseHub.Core.Data;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.Data.Sqlite;

namespace CaseHub.Host.Infrastructure;

public static class PersistenceExtensions
{
    /// <summary>The database and Hangfire job storage, both following <c>Database:Provider</c>.</summary>
    public static void AddCaseHubPersistence(this WebApplicationBuilder builder)
    {
        var provider = CaseHubDatabase.ReadProvider(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString("CaseHub") ?? CaseHubDatabase.DefaultConnectionString;
        if (provider == DatabaseProvider.Sqlite)
            connectionString = ResolveSqliteFile(connectionString, builder.Environment.ContentRootPath);

        builder.Services.AddCaseHubDatabase(provider, connectionString);

        // Registered before AddHangfire so the DI storage is ours, not Hangfire's static JobStorage.Current
        // (two hosts in one process, as in tests, would otherwise share it).
        builder.Services.AddSingleton<JobStorage>(_ => provider switch
        {
            // SQLite is the embedded default: jobs live in memory; durable state (timers) stays in the database.
            DatabaseProvider.Sqlite => new InMemoryStorage(new InMemoryStorageOptions()),
            DatabaseProvider.Postgres => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, PostgresJobOptions), PostgresJobOptions),
            DatabaseProvider.SqlServer => new SqlServerStorage(connectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        });
        builder.Services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        builder.Services.AddHangfireServer(o =>
        {
            o.ServerName = $"casehub:{Environment.MachineName}:{Environment.ProcessId}";
            // Workflow timers are scheduled jobs; poll often so a 5-second delay fires after ~5 seconds, not 15.
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
    }

    // Workers wait on LISTEN/NOTIFY for new jobs instead of polling every 15 s, so a due workflow timer's
    // job starts within a second of being enqueued.
    private static readonly PostgreSqlStorageOptions PostgresJobOptions = new() { EnableLongPolling = true, QueuePollInterval = TimeSpan.FromSeconds(5) };

    /// <summary>A relative SQLite file lives under the content root, and its folder is created on first start.</summary>
    private static string ResolveSqliteFile(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is "" or ":memory:" || csb.Mode == SqliteOpenMode.Memory) return connectionString;
        csb.DataSource = Path.GetFullPath(csb.DataSource, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        return csb.ToString();
    }

    /// <summary>Migrates and seeds before the host takes requests; a database that cannot be reached stops the start.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CaseHubSeeder>().SeedAsync(app.Lifetime.ApplicationStopping);
    }
}
