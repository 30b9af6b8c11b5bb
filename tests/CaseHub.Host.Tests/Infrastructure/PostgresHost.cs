using Npgsql;

namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>
/// CaseHub on a fresh database in the PostgreSQL server that <c>scripts/test.sh</c> starts; its
/// connection string arrives in <c>CASEHUB_TEST_POSTGRES</c>. Without it the tests fail, never skip.
/// </summary>
public sealed class PostgresHost : CaseHubFactory
{
    public const string Variable = "CASEHUB_TEST_POSTGRES";
    private readonly string _serverConnection;
    private readonly string _database;

    /// <summary>Leave the database in place on dispose, for another host to share or start from.</summary>
    public bool KeepDatabase { get; init; }

    public string DatabaseName => _database;

    /// <summary>The audit anchor of this database (hosts sharing the database share it, as they share the machine).</summary>
    public string AnchorFile => Path.Combine(Path.GetTempPath(), $"{_database}.anchor");

    public PostgresHost() : this(null) { }

    /// <summary>A host on the named database (created on first start), or on a new one when null.</summary>
    internal PostgresHost(string? database)
    {
        _database = database ?? $"casehub_test_{Guid.NewGuid():N}";
        _serverConnection = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL and sets it, " +
                $"or set it to a server you own, e.g. Host=127.0.0.1;Port=5432;Username=postgres.");
        Settings["Database:Provider"] = "Postgres";
        Settings["ConnectionStrings:CaseHub"] = new NpgsqlConnectionStringBuilder(_serverConnection) { Database = _database }.ConnectionString;
        Settings["CaseHub:Audit:AnchorFile"] = AnchorFile;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (KeepDatabase) return;
        File.Delete(AnchorFile);
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnection);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresHost>
{
    public const string Name = "postgres";
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteHost>
{
    public const string Name = "sqlite";
}
