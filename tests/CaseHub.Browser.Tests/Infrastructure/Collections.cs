namespace CaseHub.Browser.Tests.Infrastructure;

/// <summary>The browser and one SQLite host shared by the journeys of a collection (each journey makes its own tickets).</summary>
public sealed class SqliteJourney : IAsyncLifetime
{
    public Chromium Chromium { get; } = new();
    public BrowserHost Host { get; } = new();
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

[CollectionDefinition(Name)]
public sealed class SqliteJourneys : ICollectionFixture<SqliteJourney>
{
    public const string Name = "browser on SQLite";
}
