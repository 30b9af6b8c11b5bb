using System.Data.Common;
using CaseHub.Core.Data;
using CaseHub.Workflows;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseHub.Benchmarks;

internal enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// A fresh CaseHub database for one run (a temp SQLite file, or a <c>bench_&lt;guid&gt;</c> PostgreSQL
/// database), migrated like the host migrates it, with the engine registered as the host registers it.
/// Removed on dispose.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    public const string ServerVariable = "CASEHUB_BENCH_POSTGRES";

    private readonly string? _serverConnection;
    private readonly string? _sqliteFile;
    private readonly string _name;

    public DatabaseKind Kind { get; }
    public ServiceProvider Services { get; }

    private BenchDatabase(DatabaseKind kind, string connectionString, string name, string? serverConnection, string? sqliteFile, bool traceSql)
    {
        Kind = kind;
        _name = name;
        _serverConnection = serverConnection;
        _sqliteFile = sqliteFile;
        var services = new ServiceCollection();
        // --trace-sql true: every SQL command EF sends, with its duration, on stderr, to see where a step's time goes.
        services.AddLogging(logging =>
        {
            if (!traceSql) return;
            logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.ffffff "; }).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        services.AddCaseHubDatabase(kind == DatabaseKind.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres, connectionString);
        services.AddCaseHubWorkflows<CaseHubDbContext>();
        Services = services.BuildServiceProvider(validateScopes: true);
    }

    public string Description => Kind == DatabaseKind.Sqlite ? $"SQLite file {_sqliteFile}" : $"PostgreSQL database {_name}";

    public static async Task<BenchDatabase> CreateAsync(DatabaseKind kind, Args args)
    {
        var name = $"bench_{Guid.NewGuid():N}";
        var traceSql = args.Text("trace-sql", "false") == "true";
        BenchDatabase database;
        if (kind == DatabaseKind.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), name + ".db");
            database = new BenchDatabase(kind, $"Data Source={file}", name, null, file, traceSql);
        }
        else
        {
            var server = args.Text("connection", Environment.GetEnvironmentVariable(ServerVariable) ?? "");
            if (server.Length == 0)
                throw new ArgumentException($"PostgreSQL needs --connection or {ServerVariable} (a server connection string; scripts/bench.sh sets it).");
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            database = new BenchDatabase(kind, connection, name, server, null, traceSql);
        }
        // MigrateAsync creates the PostgreSQL database when it does not exist yet.
        await using var scope = database.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Database.MigrateAsync();
        await database.ExecuteAsync(kind == DatabaseKind.Sqlite
            ? "CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, created_at TEXT NOT NULL)"
            : "CREATE TABLE bench_baseline (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)");
        Table.Log($"fresh {database.Description}");
        return database;
    }

    /// <summary>Raw SQL on the DbContext's own connection, outside EF's change tracking.</summary>
    public async Task<int> ExecuteAsync(string sql, int timeoutSeconds = 600)
    {
        await using var scope = Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        context.Database.SetCommandTimeout(timeoutSeconds);
        return await context.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>
    /// The baseline unit of work: in its own DI scope, on the DbContext's connection (same provider,
    /// same pool, same connection string), one transaction holding one INSERT of a small row.
    /// </summary>
    public async Task InsertBaselineRowAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO bench_baseline (payload, created_at) VALUES (@payload, @created)";
        DbCommands.Add(command, "@payload", "baseline row");
        DbCommands.Add(command, "@created", DateTime.UtcNow);
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    /// <summary>How a commit reaches the disk here, which bounds every figure that commits.</summary>
    public async Task<string> CommitModeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        return await DbCommands.CommitModeAsync(connection, Kind);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (Kind == DatabaseKind.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                File.Delete(_sqliteFile + suffix);
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_serverConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        Table.Log($"removed {Description}");
    }
}
