using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Audit;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Api;

/// <summary>What an Idempotency-Key already stands for: nothing yet, the ticket it created, or another body (422).</summary>
public sealed record IdempotentReplay(TicketCreated? Ticket, bool BodyDiffers);

/// <summary>
/// Stores a validated order: ticket, first timeline event, audit entry and idempotency record in one
/// transaction, then starts the item's workflow and moves the ticket on. The resident has been found
/// or created before (that commits by itself), so a failed order leaves at most a known resident.
/// </summary>
public sealed class TicketIntake(CaseHubDbContext db, TicketNumbers numbers, AuditLog audit, WorkflowRuntime workflows, TimeProvider time)
{
    public sealed record Order(CreateTicketRequest Body, ServiceItem Item, Guid ResidentId, string Actor, string? Key, string Hash);

    public async Task<IdempotentReplay> ReplayAsync(string userId, string key, string hash, CancellationToken ct)
    {
        var record = await db.Set<IdempotencyRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key, ct);
        if (record is null) return new(null, false);
        if (record.RequestHash != hash) return new(null, true);
        var ticket = await db.Set<Ticket>().AsNoTracking().SingleAsync(t => t.Id == record.TicketId, ct);
        return new(ToCreated(ticket), false);
    }

    /// <summary>The new ticket (<c>Replayed</c> false), or the one a concurrent request with the same key stored first.</summary>
    public async Task<(TicketCreated Ticket, IdempotentReplay? Replayed)> PlaceAsync(Order order, CancellationToken ct)
    {
        // Taken before the transaction, as TicketNumbers advises, so the counter row is not locked for the whole order.
        var number = await numbers.NextAsync(ct);
        var now = time.GetUtcNow();
        var body = order.Body;
        var ticket = new Ticket
        {
            Number = number, ServiceCode = order.Item.Code, ServiceItemId = order.Item.Id, ItemVersion = order.Item.Version,
            JurisdictionId = body.JurisdictionId!, Channel = body.Channel!, ResidentId = order.ResidentId,
            ProxyName = body.Channel == TicketValidation.StationProxy ? body.Proxy!.Name!.Trim() : null,
            ProxyRelation = body.Channel == TicketValidation.StationProxy ? body.Proxy!.Relation!.Trim() : null,
            PlacedBy = order.Actor, Form = body.Form is { ValueKind: JsonValueKind.Object } f ? f.GetRawText() : "{}",
            CreatedAt = now, UpdatedAt = now,
        };

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.Set<Ticket>().Add(ticket);
            AddEvent(ticket, TicketEvent.Submitted, order.Actor, new { channel = ticket.Channel, serviceCode = ticket.ServiceCode, proxy = ticket.ProxyName });
            audit.Record(order.Actor, "ticket.submit", nameof(Ticket), ticket.Id.ToString(), ticket.JurisdictionId,
                new { ticket.Number, ticket.ServiceCode, ticket.Channel, ticket.ResidentId });
            if (order.Key is not null)
                db.Set<IdempotencyRecord>().Add(new IdempotencyRecord { UserId = order.Actor, Key = order.Key, RequestHash = order.Hash, TicketId = ticket.Id, CreatedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException) when (order.Key is not null)
            {
                // Another request with this key committed first (the key is the primary key); answer with what it stored.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                var replay = await ReplayAsync(order.Actor, order.Key, order.Hash, ct);
                if (replay is { Ticket: null, BodyDiffers: false }) throw;
                return (replay.Ticket!, replay);
            }
        }

        await StartWorkflowAsync(ticket, order, ct);
        return (ToCreated(ticket), null);
    }

    private async Task StartWorkflowAsync(Ticket ticket, Order order, CancellationToken ct)
    {
        var definition = order.Item.WorkflowDefinitionId ?? CaseHubSeeder.DefaultWorkflow(order.Item.NeedsApproval);
        var input = new Dictionary<string, JsonNode?>
        {
            ["jurisdictionId"] = ticket.JurisdictionId, ["ticketId"] = ticket.Id.ToString(), ["serviceCode"] = ticket.ServiceCode,
        };
        var instance = await workflows.StartAsync(definition, null, input, correlationId: ticket.Number, ct: ct);

        var from = ticket.Status;
        ticket.WorkflowInstanceId = instance.Id;
        ticket.Status = TicketStateMachine.Transition(from, order.Item.NeedsApproval ? TicketStatus.PendingApproval : TicketStatus.Dispatched);
        ticket.UpdatedAt = time.GetUtcNow();
        AddEvent(ticket, TicketEvent.StatusChanged, order.Actor, new { from = from.ToString(), to = ticket.Status.ToString(), workflowInstanceId = instance.Id });
        audit.Record(order.Actor, "ticket.status", nameof(Ticket), ticket.Id.ToString(), ticket.JurisdictionId,
            new { from = from.ToString(), to = ticket.Status.ToString() });
        await db.SaveChangesAsync(ct);
    }

    private void AddEvent(Ticket ticket, string type, string actor, object data) =>
        db.Set<TicketEvent>().Add(new TicketEvent
        {
            TicketId = ticket.Id, At = time.GetUtcNow(), Type = type, Actor = actor, Data = JsonSerializer.Serialize(data, JsonSerializerOptions.Web),
        });

    public static TicketCreated ToCreated(Ticket t) => new(t.Id, t.Number, t.Status.ToString(), t.WorkflowInstanceId);
}
