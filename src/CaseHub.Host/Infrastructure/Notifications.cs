using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CaseHub.Core.Data;
using CaseHub.Core.Residents;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Host.Infrastructure;

/// <summary>Where <c>CaseHub.Notify</c> messages go: the log always, a webhook (SMS gateway, WeChat bridge) when configured.</summary>
public static class NotificationExtensions
{
    public const string Topic = CaseHub.Core.Cases.CaseActivities.NotifyTopic;

    public static void AddCaseHubNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IOutboxHandler, NotificationHandler>();
        builder.Services.AddSingleton<INotificationAdapter, LogNotificationAdapter>();
        var url = builder.Configuration["CaseHub:Notifications:WebhookUrl"];
        if (string.IsNullOrWhiteSpace(url)) return;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"CaseHub:Notifications:WebhookUrl must be an absolute http(s) address, not '{url}'.");
        builder.Services.AddHttpClient<WebhookNotificationAdapter>(c => { c.BaseAddress = uri; c.Timeout = TimeSpan.FromSeconds(10); });
        builder.Services.AddSingleton<INotificationAdapter>(sp => sp.GetRequiredService<WebhookNotificationAdapter>());
    }
}

/// <summary>One way of delivering a notification; a failure leaves the outbox message for a retry.</summary>
public interface INotificationAdapter
{
    Task SendAsync(JsonObject message, CancellationToken ct);
}

/// <summary>Hands each committed notification to every adapter; for the resident it adds their phone, which the outbox never holds.</summary>
internal sealed class NotificationHandler(IEnumerable<INotificationAdapter> adapters, CaseHubDbContext db) : IOutboxHandler
{
    public string Topic => NotificationExtensions.Topic;

    public async Task HandleAsync(JsonNode? payload, CancellationToken ct)
    {
        if (payload is not JsonObject message) return;
        if (message["to"]?.GetValue<string>() == "resident" && Guid.TryParse(message["residentId"]?.GetValue<string>(), out var residentId))
            message["phone"] = (await db.Set<Resident>().FindAsync([residentId], ct))?.Phone;
        foreach (var adapter in adapters) await adapter.SendAsync(message, ct);
    }
}

/// <summary>Writes the notification to the log (the log formatter masks the phone number).</summary>
internal sealed class LogNotificationAdapter(ILogger<LogNotificationAdapter> logger) : INotificationAdapter
{
    public Task SendAsync(JsonObject message, CancellationToken ct)
    {
        logger.LogInformation("Notification for ticket {Number} to {To} ({Phone}): {Text}",
            message["number"]?.GetValue<string>(), message["to"]?.GetValue<string>(), message["phone"]?.GetValue<string>(), message["text"]?.GetValue<string>());
        return Task.CompletedTask;
    }
}

/// <summary>
/// Posts the notification as JSON to <c>CaseHub:Notifications:WebhookUrl</c>. With
/// <c>CaseHub:Notifications:WebhookSecret</c> set, <c>X-CaseHub-Signature</c> carries the body's
/// HMAC-SHA256 (hex) so the receiver can tell the message came from CaseHub.
/// </summary>
public sealed class WebhookNotificationAdapter(HttpClient http, IConfiguration configuration) : INotificationAdapter
{
    public async Task SendAsync(JsonObject message, CancellationToken ct)
    {
        var body = message.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (configuration["CaseHub:Notifications:WebhookSecret"] is { Length: > 0 } secret)
            request.Headers.Add("X-CaseHub-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }
}
