using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Workflows.Runtime;

/// <summary>Delivers outbox messages of one topic (modules add handlers, e.g. a webhook notifier).</summary>
public interface IOutboxHandler
{
    string Topic { get; }
    Task HandleAsync(JsonNode? payload, CancellationToken ct);
}

/// <summary>Raises <c>Elsa.PublishEvent</c>'s events once the publishing step has committed.</summary>
internal sealed class EventOutboxHandler(WorkflowRuntime runtime) : IOutboxHandler
{
    public string Topic => OutboxTopics.Event;

    public Task HandleAsync(JsonNode? payload, CancellationToken ct) =>
        runtime.RaiseEventAsync(payload?["eventName"]?.GetValue<string>() ?? "", payload?["correlationId"]?.GetValue<string>(), payload?["payload"], ct);
}

/// <summary>
/// Starts the instance an <c>Elsa.ExecuteWorkflow</c> that does not wait asked for, under the id its result already named; a
/// message delivered again finds the instance there and starts nothing.
/// </summary>
internal sealed class StartWorkflowOutboxHandler(WorkflowRuntime runtime) : IOutboxHandler
{
    public string Topic => OutboxTopics.StartWorkflow;

    public async Task HandleAsync(JsonNode? payload, CancellationToken ct)
    {
        var instanceId = payload?["instanceId"]?.GetValue<string>() ?? throw new InvalidOperationException("A workflow.start message needs an instanceId.");
        if (await runtime.FindAsync(instanceId, ct) is not null) return;
        var input = payload["input"] is JsonObject values ? values.ToDictionary(v => v.Key, v => v.Value?.DeepClone(), StringComparer.Ordinal) : null;
        await runtime.StartAsync(payload["definitionId"]!.GetValue<string>(), input: input, correlationId: payload["correlationId"]?.GetValue<string>(), ct: ct, instanceId: instanceId);
    }
}

/// <summary>
/// Delivers committed outbox messages. Each message is claimed by an atomic update before delivery, so
/// two hosts never deliver one twice; a failed delivery is retried up to <see cref="MaxAttempts"/> times.
/// </summary>
public sealed class WorkflowOutbox(WorkflowDb db, IEnumerable<IOutboxHandler> handlers, TimeProvider clock, ILogger<WorkflowOutbox> logger)
{
    public const int MaxAttempts = 5;

    public async Task<int> DispatchPendingAsync(int batchSize = 100, CancellationToken ct = default)
    {
        var byTopic = handlers.ToDictionary(h => h.Topic, StringComparer.Ordinal);
        var pending = await db.Outbox.AsNoTracking().Where(m => m.ProcessedAt == null && m.Attempts < MaxAttempts)
            .OrderBy(m => m.Id).Take(batchSize).ToListAsync(ct);
        var delivered = 0;
        foreach (var message in pending)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.Outbox.Where(m => m.Id == message.Id && m.ProcessedAt == null && m.Attempts == message.Attempts)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, now).SetProperty(m => m.ProcessedBy, WorkflowTimers.HostOwner)
                    .SetProperty(m => m.Attempts, message.Attempts + 1), ct);
            if (claimed == 0) continue;
            if (!byTopic.TryGetValue(message.Topic, out var handler))
            {
                delivered++; // no handler here: the message stays as a record (e.g. RunTask requests read by outside workers)
                continue;
            }
            try
            {
                await handler.HandleAsync(message.Payload is null ? null : JsonNode.Parse(message.Payload), ct);
                delivered++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox message {Id} ({Topic}) failed; it will be retried.", message.Id, message.Topic);
                await db.Outbox.Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, (DateTime?)null).SetProperty(m => m.LastError, e.Message), ct);
            }
        }
        return delivered;
    }
}
