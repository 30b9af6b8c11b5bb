using System.Text.Json;
using CaseHub.Core.Catalog;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Cases;

// What the work pages (/tasks, /tickets, /tickets/{id}) read beyond the API's views: the order's form with its labels,
// the proxy, the ratings, which open tasks the caller may complete and whom a county officer may assign — and the
// names of places, items and providers, so the pages never show an id where a person expects a name.

/// <summary>A field of the order's form as the item's schema labels it.</summary>
public sealed record FormEntry(string Name, string Label, string Type, JsonElement Value);
public sealed record FeedbackView(int Rating, string? Comment, string GivenBy, DateTimeOffset At);
public sealed record ProviderChoice(string Id, string Name);

/// <summary>One ticket for its page: the facade's view plus what the page shows and asks for.</summary>
public sealed record TicketDetail(TicketView Ticket, string ServiceName, IReadOnlyList<FormEntry> Form, string? ProxyName, string? ProxyRelation,
    IReadOnlyList<FeedbackView> Feedback, IReadOnlySet<string> MyTaskIds, IReadOnlyList<ProviderChoice> Assignable);

/// <summary>Display names for ids, in the current language's order of preference (Chinese name, English name).</summary>
public sealed record CaseLabels(IReadOnlyDictionary<string, (string Name, string? NameEn)> Places,
    IReadOnlyDictionary<string, (string Name, string? NameEn)> Services, IReadOnlyDictionary<string, (string Name, string? NameEn)> Providers);

public sealed partial class CaseService
{
    /// <summary>A ticket as its page shows it; outside the actor's view it does not exist, as with <see cref="ReadTicketAsync"/>.</summary>
    public async Task<CaseResult<TicketDetail>> ReadTicketDetailAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var read = await ReadTicketAsync(actor, id, ct);
        if (read.Value is not { } view) return new CaseFailure(read.Outcome, read.Problem!);

        var ticket = await db.Set<Ticket>().AsNoTracking().Where(t => t.Id == id)
            .Select(t => new { t.Form, t.ServiceItemId, t.ProxyName, t.ProxyRelation }).SingleAsync(ct);
        var item = await db.ServiceItems.AsNoTracking().Where(i => i.Id == ticket.ServiceItemId)
            .Select(i => new { i.Name, i.FormSchema }).SingleOrDefaultAsync(ct);
        var feedback = await db.Set<TicketFeedback>().AsNoTracking().Where(f => f.TicketId == id).OrderBy(f => f.At)
            .Select(f => new FeedbackView(f.Rating, f.Comment, f.GivenBy, f.At)).ToListAsync(ct);

        HashSet<string> mine = [];
        IReadOnlyList<ProviderChoice> assignable = [];
        if (await visibility.AreaAsync(actor, ct) is { } area)
        {
            var open = await MyOpenTasks(actor, area).Where(t => t.TicketId == id).Select(t => new { t.Id, t.Outcomes }).ToListAsync(ct);
            mine = [.. open.Select(t => t.Id)];
            // The county officer's choice is checked by the dispatch activity; the list offers the providers it would accept here.
            if (open.Any(t => t.Outcomes.Split(',').Contains("Assign")) && await db.Jurisdictions.FindAsync([view.JurisdictionId], ct) is { } place)
                assignable = [.. (await DispatchCandidates.ForAsync(db, place, view.ServiceCode, [], ct)).Select(p => new ProviderChoice(p.Id, p.Name))];
        }
        return CaseResults.Done(new TicketDetail(view, item?.Name ?? view.ServiceCode, FormOf(ticket.Form, item?.FormSchema),
            ticket.ProxyName, ticket.ProxyRelation, feedback, mine, assignable));
    }

    /// <summary>Names for the ids a page shows; unknown ids are left out (the page shows the id).</summary>
    public async Task<CaseLabels> LabelsAsync(IEnumerable<string> placeIds, IEnumerable<string> serviceCodes, IEnumerable<string?> providerIds,
        CancellationToken ct = default)
    {
        var (placeList, codes, providers) = (placeIds.Distinct().ToList(), serviceCodes.Distinct().ToList(), providerIds.OfType<string>().Distinct().ToList());
        var places = await db.Jurisdictions.AsNoTracking().Where(j => placeList.Contains(j.Id)).Select(j => new { j.Id, j.Name, j.NameEn }).ToListAsync(ct);
        var items = await db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).Select(i => new { i.Code, i.Name, i.NameEn }).ToListAsync(ct);
        var orgs = await db.Providers.AsNoTracking().Where(p => providers.Contains(p.Id)).Select(p => new { p.Id, p.Name, p.NameEn }).ToListAsync(ct);
        return new CaseLabels(
            places.ToDictionary(p => p.Id, p => (p.Name, p.NameEn)),
            items.GroupBy(i => i.Code).ToDictionary(g => g.Key, g => (g.First().Name, g.First().NameEn)),
            orgs.ToDictionary(p => p.Id, p => (p.Name, p.NameEn)));
    }

    /// <summary>The places a list may be narrowed to: the actor's area and the islands in it (providers: every island).</summary>
    public async Task<IReadOnlyList<Jurisdiction>> FilterPlacesAsync(Actor actor, CancellationToken ct = default)
    {
        if (await visibility.AreaAsync(actor, ct) is not { } area) return [];
        var below = actor.Is(Identity.Roles.Provider) ? db.Jurisdictions : db.Jurisdictions.Within(area);
        return await below.AsNoTracking().Where(j => j.Kind != JurisdictionKind.Station).OrderBy(j => j.Path).ToListAsync(ct);
    }

    /// <summary>The form's answers in the schema's order with its labels; answers the schema no longer names follow under their keys.</summary>
    private static List<FormEntry> FormOf(string formJson, string? schemaJson)
    {
        using var form = JsonDocument.Parse(formJson);
        if (form.RootElement.ValueKind != JsonValueKind.Object) return [];
        var values = form.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        var fields = schemaJson is null ? null : JsonSerializer.Deserialize<FormSchema>(schemaJson, JsonSerializerOptions.Web)?.Fields;
        var entries = new List<FormEntry>();
        foreach (var field in fields ?? [])
            if (field.Name is { } name && values.Remove(name, out var value))
                entries.Add(new FormEntry(name, field.Label ?? name, field.Type ?? "text", value));
        entries.AddRange(values.Select(v => new FormEntry(v.Key, v.Key, "text", v.Value)));
        return entries;
    }
}
