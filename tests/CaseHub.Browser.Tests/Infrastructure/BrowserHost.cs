using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace CaseHub.Browser.Tests.Infrastructure;

/// <summary>
/// The real host on Kestrel at 127.0.0.1 (a free port), with demo data, on a real database: a fresh
/// SQLite file, or a fresh database in the PostgreSQL server <c>scripts/test.sh</c> starts.
/// </summary>
public class BrowserHost : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "CASEHUB_TEST_POSTGRES";
    private readonly string? _sqliteFile;
    private readonly (string Server, string Database)? _postgres;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["CaseHub:Demo:Enabled"] = "true",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        // The journeys sign in far faster than any person would.
        ["CaseHub:RateLimits:SignInPerMinute"] = "100000",
        ["CaseHub:RateLimits:IntakePerMinute"] = "1000000",
    };

    public string BaseUrl { get; }

    public BrowserHost() : this(postgres: false) { }

    protected BrowserHost(bool postgres)
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        if (postgres)
        {
            var server = Environment.GetEnvironmentVariable(PostgresVariable)
                ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL.");
            _postgres = (server, $"casehub_browser_{Guid.NewGuid():N}");
            Settings["Database:Provider"] = "Postgres";
            Settings["ConnectionStrings:CaseHub"] = new NpgsqlConnectionStringBuilder(server) { Database = _postgres.Value.Database }.ConnectionString;
            Settings["CaseHub:Audit:AnchorFile"] = Path.Combine(Path.GetTempPath(), $"{_postgres.Value.Database}.anchor");
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"casehub-browser-{Guid.NewGuid():N}.db");
            Settings["Database:Provider"] = "Sqlite";
            Settings["ConnectionStrings:CaseHub"] = $"Data Source={_sqliteFile};Pooling=false";
            Settings["CaseHub:Audit:AnchorFile"] = _sqliteFile + ".anchor";
        }
    }

    /// <summary>Starts Kestrel (idempotent) and answers the address pages are opened at.</summary>
    public string Start()
    {
        StartServer();
        return BaseUrl;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqliteFile is not null)
            foreach (var suffix in new[] { "", "-wal", "-shm", ".anchor" }) File.Delete(_sqliteFile + suffix);
        if (_postgres is { } pg)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(pg.Server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pg.Database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

public sealed class PostgresBrowserHost() : BrowserHost(postgres: true);
