using System.Diagnostics;
using Npgsql;

namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>
/// PostgreSQL's own client programs (pg_dump, pg_restore) against the test server, as an operator runs them:
/// the server's address and user from <c>CASEHUB_TEST_POSTGRES</c>, the password (if any) in PGPASSWORD.
/// </summary>
public static class PostgresTools
{
    /// <summary>The Debian PostgreSQL 15 programs that scripts/test.sh installs; CASEHUB_PG_BIN names another folder.</summary>
    public static string Bin => Environment.GetEnvironmentVariable("CASEHUB_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    private static NpgsqlConnectionStringBuilder Server =>
        new(Environment.GetEnvironmentVariable(PostgresHost.Variable) ?? throw new InvalidOperationException($"{PostgresHost.Variable} is not set."));

    /// <summary>Runs <paramref name="program"/> with the server's connection options first; fails the test with its stderr unless it exits 0.</summary>
    public static async Task RunAsync(string program, params string[] args)
    {
        var server = Server;
        var start = new ProcessStartInfo(Path.Combine(Bin, program)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Username! })
            start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        if (server.Password is { } password) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
    }

    public static async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }
}
