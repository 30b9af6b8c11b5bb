using CaseHub.Core.Identity;
using CaseHub.Core.Residents;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Core.Cases;

public sealed partial class CaseService
{
    /// <summary>
    /// Places an order from a channel or a station. <paramref name="idempotencyKey"/> makes a retry with the
    /// same body answer the same ticket (<see cref="CaseOutcome.Replayed"/>), and another body <see cref="CaseOutcome.KeyReused"/>.
    /// </summary>
    public async Task<CaseResult<TicketCreated>> PlaceOrderAsync(Actor actor, PlaceOrder order, string? idempotencyKey, CancellationToken ct = default)
    {
        if (actor.Is(Roles.Provider)) return CaseResults.Forbidden("服务方不能下单 / Providers do not place orders.");
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey;
        if (key is null && actor.Is(Roles.Channel))
            return CaseResults.Invalid(OrderValidation.IdempotencyHeader, $"渠道下单须带 {OrderValidation.IdempotencyHeader} 请求头 / channels must send the {OrderValidation.IdempotencyHeader} header");
        if (key is { Length: > IdempotencyRecord.KeyMaxLength })
            return CaseResults.Invalid(OrderValidation.IdempotencyHeader, $"最多 {IdempotencyRecord.KeyMaxLength} 个字符 / at most {IdempotencyRecord.KeyMaxLength} characters");

        var hash = OrderValidation.Hash(order);
        if (key is not null && await intake.ReplayAsync(actor.Name, key, hash, ct) is { } replay && (replay.Ticket is not null || replay.BodyDiffers))
            return Replayed(replay);

        var errors = OrderValidation.CheckRequest(order);
        if (errors.Count > 0) return CaseResults.Invalid("工单无效 / Invalid ticket", errors);
        if (order.Channel == OrderValidation.StationProxy && !actor.Is(Roles.StationStaff))
            return CaseResults.Forbidden("只有驿站工作人员可以代办下单 / Only station staff may place station_proxy orders.");

        var place = await db.Jurisdictions.FindAsync([order.JurisdictionId!], ct);
        if (place is null || !await visibility.CoversAsync(actor, place, ct)) return CaseResults.NotFound("jurisdiction", order.JurisdictionId!);
        var (known, item) = await catalog.ForOrderAsync(order.ServiceCode!, place, ct);
        if (known is null)
            return CaseResults.Invalid("serviceCode", $"{place.Name}没有服务事项 '{order.ServiceCode}' / no service '{order.ServiceCode}' at {place.NameEn ?? place.Id}");
        if (item is null)
            return CaseResults.Conflict("服务未开通 / Service switched off", $"'{order.ServiceCode}' is switched off at {place.NameEn ?? place.Id} (its module or the item).");

        errors = OrderValidation.CheckForm(order.Form, item.FormSchema);
        if (errors.Count > 0) return CaseResults.Invalid("表单无效 / Invalid form", errors);

        Resident resident;
        try
        {
            resident = await residents.FindOrCreateAsync(order.Resident!.Name!, order.Resident.Phone!, order.Resident.IdNumber, actor.Name, ct);
        }
        catch (ResidentValidationException e)
        {
            return CaseResults.Invalid("居民信息无效 / Invalid resident", e.Errors.ToDictionary(x => $"resident.{x.Key}", x => x.Value));
        }

        try
        {
            var (ticket, raced) = await intake.PlaceAsync(new TicketIntake.Order(order, item, resident.Id, actor.Name, key, hash, place), ct);
            return raced is null ? CaseResults.Created(ticket) : Replayed(raced);
        }
        catch (WorkflowNotFoundException e)
        {
            // Nothing was stored: the order is refused whole rather than kept without a process to run it.
            return CaseResults.Conflict("服务流程未发布 / Service workflow not published", e.Message);
        }
    }

    private static CaseResult<TicketCreated> Replayed(IdempotentReplay replay) =>
        replay.Ticket is { } same
            ? CaseResults.Replayed(same)
            : new CaseFailure(CaseOutcome.KeyReused, new("幂等键已用于其他请求 / Idempotency key reused",
                $"This {OrderValidation.IdempotencyHeader} was already used with a different body."));
}
