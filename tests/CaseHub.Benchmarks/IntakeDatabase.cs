using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CaseHub.Benchmarks;

/// <summary>
/// The database one <c>intake</c> run shares between the CaseHub host (which creates and migrates it at
/// start) and the baseline endpoint: a temp SQLite file or a fresh <c>bench_&lt;guid&gt;</c> PostgreSQL
/// database, removed on dispose. Plain ADO.NET here: the benchmark must not reach into CaseHub's model.
/// </summary>
internal sealed class IntakeDatabase : IAsyncDisposable
{
    private readonly string _name = $"bench_{Guid.NewGuid():N}";
    private readonly string? _serverConnection;
    private readonly string? _sqliteFile;
    private NpgsqlDataSource? _postgres;

    public DatabaseKind Kind { get; }

    /// <summary>What the host gets as <c>ConnectionStrings__CaseHub</c>; the baseline opens the same.</summary>
    public string ConnectionString { get; }

    public IntakeDatabase(DatabaseKind kind, Args args)
    {
        Kind = kind;
        if (kind == DatabaseKind.Sqlite)
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), _name + ".db");
            ConnectionString = $"Data Source={_sqliteFile}";
            return;
        }
        _serverConnection = args.Text("connection", Environment.GetEnvironmentVariable(BenchDatabase.ServerVariable) ?? "");
        if (_serverConnection.Length == 0)
            throw new ArgumentException($"PostgreSQL needs --connection or {BenchDatabase.ServerVariable} (a server connection string; scripts/bench.sh sets it).");
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnection) { Database = _name }.ConnectionString;
    }

    public string Description => Kind == DatabaseKind.Sqlite ? $"SQLite file {_sqliteFile}" : $"PostgreSQL database {_name}";

    public string ProviderSetting => Kind == DatabaseKind.Sqlite ? "Sqlite" : "Postgres";

    /// <summary>Called once the host has created the database: the baseline's table beside CaseHub's own.</summary>
    public async Task CreateBaselineTableAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Kind == DatabaseKind.Sqlite
            ? "CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, created_at TEXT NOT NULL)"
            : "CREATE TABLE bench_baseline (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A pooled connection (Npgsql's data source, Microsoft.Data.Sqlite's pool), as a request would take one.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Kind == DatabaseKind.Sqlite
            ? new SqliteConnection(ConnectionString)
            : (_postgres ??= NpgsqlDataSource.Create(ConnectionString)).CreateConnection();
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The baseline unit of work: one transaction holding one INSERT of a small row.</summary>
    public async Task<long> InsertRowAsync(string payload)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO bench_baseline (payload, created_at) VALUES (@payload, @created) RETURNING id";
        DbCommands.Add(command, "@payload", payload);
        DbCommands.Add(command, "@created", DateTime.UtcNow);
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await transaction.CommitAsync();
        return id;
    }

    /// <summary>The page baseline's unit of work: one row read by its key.</summary>
    public async Task<string> ReadRowAsync(long id)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM bench_baseline WHERE id = @id";
        DbCommands.Add(command, "@id", id);
        return $"<!DOCTYPE html><html lang=\"zh-CN\"><body>{await command.ExecuteScalarAsync()}</body></html>";
    }

    /// <summary>How a commit reaches the disk, as the baseline's connections see it.</summary>
    public async Task<string> CommitModeAsync()
    {
        await using var connection = await OpenAsync();
        return await DbCommands.CommitModeAsync(connection, Kind);
    }

    /// <summary>Call after the host has stopped, so nothing holds the file or the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Kind == DatabaseKind.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                File.Delete(_sqliteFile + suffix);
        }
        else
        {
            if (_postgres is not null) await _postgres.DisposeAsync();
            await using var connection = new NpgsqlConnection(_serverConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        Table.Log($"removed {Description}");
    }
}
