using System.Runtime.CompilerServices;
using CaseHub.Core.Logging;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Cases;

/// <summary>A ticket as the export writes it: names beside codes, the resident's phone masked as in the lists.</summary>
public sealed record TicketExportRow(string Number, string ServiceCode, string ServiceName, string PlaceName, string ResidentName, string Phone,
    string Channel, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, string? ProviderName);

public sealed partial class CaseService
{
    /// <summary>
    /// Every ticket the list would show with <paramref name="filter"/> (its page ignored), newest first, read from the
    /// database as they are written out: the rows are never gathered in memory, however many there are. The filter is
    /// checked before the first row, so a bad value is an error naming its field and no half-written file.
    /// </summary>
    public async Task<CaseResult<IAsyncEnumerable<TicketExportRow>>> ExportTicketsAsync(Actor actor, TicketFilter filter, CancellationToken ct = default)
    {
        var filtered = await FilterAsync(actor, filter with { Page = null, PageSize = null }, ct);
        if (filtered.Value is not { } query) return new CaseFailure(filtered.Outcome, filtered.Problem!);
        // Places, items and providers are few beside the tickets: their names are read once, not joined per row.
        var places = await db.Jurisdictions.AsNoTracking().ToDictionaryAsync(j => j.Id, j => j.Name, ct);
        var items = (await db.ServiceItems.AsNoTracking().Select(i => new { i.Code, i.Name }).ToListAsync(ct))
            .GroupBy(i => i.Code).ToDictionary(g => g.Key, g => g.First().Name);
        var providers = await db.Providers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var rows = query.OrderByDescending(x => x.Ticket.CreatedAt).ThenByDescending(x => x.Ticket.Id).AsNoTracking().AsAsyncEnumerable();
        return CaseResults.Done(Rows(rows, places, items, providers));
    }

    private static async IAsyncEnumerable<TicketExportRow> Rows(IAsyncEnumerable<Listed> rows, Dictionary<string, string> places,
        Dictionary<string, string> items, Dictionary<string, string> providers, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var x in rows.WithCancellation(ct))
        {
            var t = x.Ticket;
            yield return new TicketExportRow(t.Number, t.ServiceCode, items.GetValueOrDefault(t.ServiceCode, t.ServiceCode),
                places.GetValueOrDefault(t.JurisdictionId, t.JurisdictionId), x.Name, PersonalData.MaskPhone(x.Phone), t.Channel, t.Status.ToString(),
                t.CreatedAt, t.DueAt, t.ProviderId is { } p ? providers.GetValueOrDefault(p, p) : null);
        }
    }
}
