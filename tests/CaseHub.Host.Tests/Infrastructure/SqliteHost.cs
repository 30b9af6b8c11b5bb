namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>CaseHub on a fresh SQLite file, deleted afterwards.</summary>
public sealed class SqliteHost : CaseHubFactory
{
    public string DatabaseFile { get; }

    public string AnchorFile => DatabaseFile + ".anchor";

    /// <summary>Leave the file in place on dispose, for a second host to start from.</summary>
    public bool KeepDatabase { get; init; }

    public SqliteHost() : this(null) { }

    /// <summary>A host on <paramref name="databaseFile"/>, or on a new temporary file when null.</summary>
    internal SqliteHost(string? databaseFile)
    {
        DatabaseFile = databaseFile ?? Path.Combine(Path.GetTempPath(), $"casehub-test-{Guid.NewGuid():N}.db");
        Settings["Database:Provider"] = "Sqlite";
        Settings["ConnectionStrings:CaseHub"] = $"Data Source={DatabaseFile};Pooling=false";
        Settings["CaseHub:Audit:AnchorFile"] = AnchorFile; // beside its database: a restarted host finds it
    }

    private void DeleteDatabase()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", ".anchor" })
            File.Delete(DatabaseFile + suffix);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!KeepDatabase) DeleteDatabase();
    }
}
