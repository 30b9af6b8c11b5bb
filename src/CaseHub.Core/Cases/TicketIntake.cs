using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Audit;
using CaseHub.Core.Catalog;
using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Cases;

/// <summary>What an Idempotency-Key already stands for: nothing yet, the ticket it created, or another body (422).</summary>
public sealed record IdempotentReplay(TicketCreated? Ticket, bool BodyDiffers);

/// <summary>
/// Stores a validated order and starts the item's workflow in one transaction, so an order either
/// exists with its workflow waiting at its first task, or not at all. The resident has been found or
/// created before (that commits by itself), so a failed order leaves at most a known resident.
/// </summary>
public sealed class TicketIntake(CaseHubDbContext db, TicketNumbers numbers, AuditLog audit, TicketTimeline timeline, TicketSla sla, WorkflowRuntime workflows, TimeProvider time)
{
    /// <summary>An order to store; <paramref name="Workflow"/> runs instead of the item's own (a visit plan's tickets run the visit workflow).</summary>
    public sealed record Order(PlaceOrder Body, ServiceItem Item, Guid ResidentId, string Actor, string? Key, string Hash, Jurisdiction Place, string? Workflow = null);

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
            ProxyName = body.Channel == OrderValidation.StationProxy ? body.Proxy!.Name!.Trim() : null,
            ProxyRelation = body.Channel == OrderValidation.StationProxy ? body.Proxy!.Relation!.Trim() : null,
            SlaHours = order.Item.SlaHours, DueAt = await sla.DueAtAsync(order.Place, now, order.Item.SlaHours, ct), PlacedBy = order.Actor, Form = body.Form is { ValueKind: JsonValueKind.Object } f ? f.GetRawText() : "{}",
            CreatedAt = now, UpdatedAt = now,
        };

        // One transaction: the ticket, its first event, audit and idempotency record, and the workflow's first
        // step (its instance, bookmarks, the first task and the status moves the case activities make). A caller's
        // transaction is joined (a visit's row and its ticket commit together) and left for the caller to commit.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Set<Ticket>().Add(ticket);
        timeline.Record(ticket, TicketEvent.Submitted, order.Actor, new { channel = ticket.Channel, serviceCode = ticket.ServiceCode, proxy = ticket.ProxyName });
        audit.Record(order.Actor, "ticket.submit", nameof(Ticket), ticket.Id.ToString(), ticket.JurisdictionId,
            new { ticket.Number, ticket.ServiceCode, ticket.Channel, ticket.ResidentId });
        if (order.Key is not null)
            db.Set<IdempotencyRecord>().Add(new IdempotencyRecord { UserId = order.Actor, Key = order.Key, RequestHash = order.Hash, TicketId = ticket.Id, CreatedAt = now });
        try
        {
            await StartWorkflowAsync(ticket, order.Item, order.Workflow, ct);
            if (tx is not null) await tx.CommitAsync(ct);
        }
        catch (DbUpdateException) when (order.Key is not null && tx is not null)
        {
            // Another request with this key committed first (the key is the primary key); answer with what it stored.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var replay = await ReplayAsync(order.Actor, order.Key, order.Hash, ct);
            if (replay is { Ticket: null, BodyDiffers: false }) throw;
            return (replay.Ticket!, replay);
        }
        return (ToCreated(ticket), null);
    }

    /// <summary>Runs the item's workflow up to its first wait; the runtime's SaveChanges commits the whole order.</summary>
    private async Task StartWorkflowAsync(Ticket ticket, ServiceItem item, string? workflow, CancellationToken ct)
    {
        var definition = workflow ?? item.WorkflowDefinitionId ?? SharedWorkflows.For(item.NeedsApproval);
        ticket.WorkflowInstanceId = Guid.NewGuid().ToString("N");
        await workflows.StartAsync(definition, null, WorkflowInput(ticket, item.Name, item.ProviderId), correlationId: ticket.Number, ct: ct, instanceId: ticket.WorkflowInstanceId);
    }

    /// <summary>The input key a ticket's workflow carries its ticket under.</summary>
    public const string TicketIdInput = "ticketId";

    /// <summary>What a ticket's workflow reads as its input (case activities find the ticket by <c>ticketId</c>; templates show the rest).</summary>
    public static Dictionary<string, JsonNode?> WorkflowInput(Ticket ticket, string? serviceName, string? providerId) => new()
    {
        [TicketIdInput] = ticket.Id.ToString(), ["number"] = ticket.Number, ["serviceCode"] = ticket.ServiceCode, ["serviceName"] = serviceName,
        ["jurisdictionId"] = ticket.JurisdictionId, ["providerId"] = providerId,
    };

    /// <summary>The ticket a workflow runs for, from its input; null for a workflow that is not a ticket's.</summary>
    public static Guid? TicketIdOf(IReadOnlyDictionary<string, JsonNode?> input) =>
        Guid.TryParse(Values.ToText(input.GetValueOrDefault(TicketIdInput)), out var id) ? id : null;

    public static TicketCreated ToCreated(Ticket t) => new(t.Id, t.Number, t.Status.ToString(), t.WorkflowInstanceId);
}
