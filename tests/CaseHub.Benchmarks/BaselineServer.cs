using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseHub.Benchmarks;

/// <summary>
/// The baseline of <c>intake</c>: a bare endpoint on Kestrel (127.0.0.1, inside the benchmark process)
/// that reads a small JSON body and commits one INSERT of one row in the host's own database. Same HTTP
/// stack, same database and same commit path as the intake, without authentication, request logging, EF
/// Core or any of CaseHub's work: what one HTTP request with one committed transaction costs on this machine.
/// </summary>
internal sealed class BaselineServer : IAsyncDisposable
{
    public const string Path = "/baseline";

    private readonly WebApplication _app;

    public Uri BaseAddress { get; }

    private BaselineServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    private sealed record Row(string? Payload);

    public static async Task<BaselineServer> StartAsync(IntakeDatabase database)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost(Path, async (Row row) =>
        {
            var id = await database.InsertRowAsync(row.Payload ?? "");
            return Results.Created($"{Path}/{id}", new { id });
        });
        // The page baseline (`pages`): one row by key, written as a small HTML page.
        app.MapGet(Path + "/{id:long}", async (long id) => Results.Content(await database.ReadRowAsync(id), "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Table.Log($"baseline endpoint on {address}{Path}");
        return new BaselineServer(app, new Uri(address));
    }

    public static HttpRequestMessage Request(int n) =>
        new(HttpMethod.Post, Path) { Content = JsonContent.Create(new { payload = $"baseline row {n}" }) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
