namespace CaseHub.Browser.Tests.Infrastructure;

/// <summary>The browser and one host shared by the journeys of a collection (each journey makes its own tickets).</summary>
public abstract class Journey(BrowserHost host) : IAsyncLifetime
{
    public Chromium Chromium { get; } = new();
    public BrowserHost Host { get; } = host;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Chromium.InitializeAsync();
        BaseUrl = Host.Start();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Host.DisposeAsync();
    }
}

/// <summary>On a fresh SQLite file, the embedded default.</summary>
public sealed class SqliteJourney() : Journey(new BrowserHost());

/// <summary>On a fresh database in the PostgreSQL server scripts/test.sh starts.</summary>
public sealed class PostgresJourney() : Journey(new PostgresBrowserHost());

[CollectionDefinition(Name)]
public sealed class SqliteJourneys : ICollectionFixture<SqliteJourney>
{
    public const string Name = "browser on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresJourneys : ICollectionFixture<PostgresJourney>
{
    public const string Name = "browser on PostgreSQL";
}
