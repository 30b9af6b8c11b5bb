using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CaseHub.Host.Tests.Infrastructure;
using CaseHub.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Cases;

namespace CaseHub.Host.Tests;

/// <summary>
/// <c>CaseHub.Notify</c> messages leave through the outbox to the configured webhook, signed when a secret is
/// set. Each fact has its own host, since the webhook address is read while the host is built.
/// </summary>
public abstract class CaseNotificationFacts
{
    protected abstract CaseHubFactory NewHost();

    /// <summary>A tiny Kestrel endpoint on a free local port that keeps every body posted to it, with its signature header.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public Channel<(string Body, string? Signature)> Received { get; } = Channel.CreateUnbounded<(string, string?)>();
        public string Url { get; }

        private Receiver(WebApplication app, string url) { _app = app; Url = url; }

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            Receiver? receiver = null;
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                receiver!.Received.Writer.TryWrite((body, request.Headers["X-CaseHub-Signature"].FirstOrDefault()));
                return Results.Ok();
            });
            await app.StartAsync();
            receiver = new Receiver(app, app.Urls.Single().TrimEnd('/') + "/hook");
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    [Fact]
    public async Task ADeliveredService_IsAnnouncedToTheWebhook_SignedWithTheSecret()
    {
        await using var receiver = await Receiver.StartAsync();
        const string secret = "s3cret-for-the-sms-gateway";
        await using var host = NewHost();
        host.Settings["CaseHub:Notifications:WebhookUrl"] = receiver.Url;
        host.Settings["CaseHub:Notifications:WebhookSecret"] = secret;

        var phone = NewPhone();
        var order = Order();
        order["resident"] = new { name = "李大伯", phone };
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), order);
        var provider = await host.ClientAsAsync(HealthProvider);
        await DoAsync(provider, ticketId, "dispatch", "Accept");
        await DoAsync(provider, ticketId, "delivery", "Delivered", data: new { notes = "已上门" });
        var number = (await TicketAsync(provider, ticketId)).GetProperty("number").GetString();

        // Deliver now rather than wait for the job server's sweep (which may get there first; either is fine).
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WorkflowOutbox>().DispatchPendingAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var (body, signature) = await receiver.Received.Reader.ReadAsync(timeout.Token);
            var message = JsonDocument.Parse(body).RootElement;
            if (message.GetProperty("number").GetString() != number) continue;
            Assert.Equal(ticketId, message.GetProperty("ticketId").GetString());
            Assert.Equal("resident", message.GetProperty("to").GetString());
            Assert.Contains(number!, message.GetProperty("text").GetString());
            Assert.Contains("已完成", message.GetProperty("text").GetString());
            // The gateway texts the resident, so it is the one place the whole number goes.
            Assert.Equal(phone, message.GetProperty("phone").GetString());
            Assert.NotNull(signature);
            Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))), signature);
            break;
        }
    }
}

public sealed class SqliteCaseNotificationFacts : CaseNotificationFacts
{
    protected override CaseHubFactory NewHost() => new SqliteHost();
}

public sealed class PostgresCaseNotificationFacts : CaseNotificationFacts
{
    protected override CaseHubFactory NewHost() => new PostgresHost();
}
