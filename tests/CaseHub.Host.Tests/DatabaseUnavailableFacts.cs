using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using CaseHub.Core.Data;
using CaseHub.Host.Infrastructure;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CaseHub.Host.Tests.Infrastructure.Cases;

namespace CaseHub.Host.Tests;

/// <summary>A database that is down or restarting is a 503 to retry, not a 500 (found by tests/crash/crash.sh).</summary>
public sealed class DatabaseUnavailableFacts
{
    [Fact]
    public void ABrokenConnection_OrAServerShuttingDown_IsUnavailable_AConstraintIsNot()
    {
        Assert.True(DatabaseUnavailableHandler.IsUnavailable(new NpgsqlException("Exception while reading from stream", new SocketException())));
        Assert.True(DatabaseUnavailableHandler.IsUnavailable(new InvalidOperationException("wrapped", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"))));
        Assert.True(DatabaseUnavailableHandler.IsUnavailable(new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")));
        Assert.False(DatabaseUnavailableHandler.IsUnavailable(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(DatabaseUnavailableHandler.IsUnavailable(new InvalidOperationException("a defect")));
    }

    [Fact]
    public async Task AnOrderWhileTheDatabaseIsDown_Is503WithRetryAfter_AndStoresNothing()
    {
        var outage = new Outage();
        await using var host = new SqliteHost { TestServices = s => s.ConfigureDbContext<SqliteCaseHubDbContext>(o => o.AddInterceptors(outage)) };
        var hotline = await host.ClientAsAsync(Hotline);
        outage.Down = true;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = System.Net.Http.Json.JsonContent.Create(Order()) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await hotline.SendAsync(request);
        outage.Down = false;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableHandler.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var scope = host.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<CaseHub.Core.Tickets.Ticket>().CountAsync());
    }

    /// <summary>Every command fails as a dropped PostgreSQL connection does while <see cref="Down"/>.</summary>
    private sealed class Outage : DbCommandInterceptor
    {
        public volatile bool Down;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken ct = default) =>
            Down ? throw new NpgsqlException("Exception while reading from stream", new SocketException((int)SocketError.ConnectionReset)) : base.ReaderExecutingAsync(command, eventData, result, ct);
    }
}
