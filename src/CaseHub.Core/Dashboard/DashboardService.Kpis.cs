using CaseHub.Core.Cases;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Dashboard;

public sealed partial class DashboardService
{
    public static readonly string[] KpiGroupings = ["county", "provider", "service"];

    /// <summary>
    /// Timeliness per county, provider or item (docs/dashboard.md has the formulas): tickets ordered, closings and those
    /// by the ticket's due time (按时办结率), provider dispatches and those accepted within their limit (及时签收率), return
    /// visits that reached the resident and those satisfied (回访满意率), reopenings. By county every county of the scope
    /// is listed, with zeros where nothing happened: the administrator's breakdown of the city.
    /// </summary>
    public async Task<CaseResult<IReadOnlyList<KpiGroup>>> KpisAsync(Actor actor, DashboardQuery query, CancellationToken ct = default)
    {
        var groupBy = query.GroupBy is { Length: > 0 } g ? g : "county";
        if (!KpiGroupings.Contains(groupBy)) return CaseResults.Invalid("groupBy", "须为 county、provider 或 service / must be county, provider or service");
        var read = await ScopeAsync(actor, query, ct);
        if (read.Value is not { } scope) return new CaseFailure(read.Outcome, read.Problem!);
        var (start, end, now) = (scope.Start, scope.End, time.GetUtcNow());

        // Every member is set, even a 0 hit: the database sums what the projection names.
        var ordered = Ordered(scope).Select(t => new Fact { Place = t.JurisdictionId, Provider = t.ProviderId, Service = t.ServiceCode, Hit = 0 });
        // A ticket without an SLA has no due time to miss.
        var closings = Moves(scope.Tickets, TicketStatus.Closed, start, end).Select(m => new Fact
        {
            Place = m.Ticket.JurisdictionId, Provider = m.Ticket.ProviderId, Service = m.Ticket.ServiceCode,
            Hit = m.Ticket.DueAt == null || m.Event.At <= m.Ticket.DueAt ? 1 : 0,
        });
        var reopenings = Moves(scope.Tickets, TicketStatus.Reopened, start, end)
            .Select(m => new Fact { Place = m.Ticket.JurisdictionId, Provider = m.Ticket.ProviderId, Service = m.Ticket.ServiceCode, Hit = 0 });
        // Dispatches to a provider made in the period whose answer is known: answered (accepted, declined, timed out) or past
        // their limit. The county officer's assignment tasks have no provider and are not a provider's dispatch.
        var dispatches = from k in db.Set<CaseTask>()
                         where k.Kind == TaskKinds.Dispatch && k.ProviderId != null && k.CreatedAt >= start && k.CreatedAt < end
                               && (k.CompletedAt != null || (k.DueAt != null && k.DueAt < now))
                         join t in scope.Tickets on k.TicketId equals t.Id
                         select new Fact
                         {
                             Place = t.JurisdictionId, Provider = k.ProviderId, Service = t.ServiceCode,
                             Hit = k.Outcome == "Accept" && (k.DueAt == null || k.CompletedAt <= k.DueAt) ? 1 : 0,
                         };
        // Return visits completed in the period that reached the resident; an unanswered call is tried again, not rated.
        var calls = from k in db.Set<CaseTask>()
                    where k.Kind == TaskKinds.ReturnVisit && k.CompletedAt >= start && k.CompletedAt < end
                          && (k.Outcome == "Satisfied" || k.Outcome == "Unsatisfied")
                    join t in scope.Tickets on k.TicketId equals t.Id
                    select new Fact { Place = t.JurisdictionId, Provider = t.ProviderId, Service = t.ServiceCode, Hit = k.Outcome == "Satisfied" ? 1 : 0 };

        var counts = new List<Dictionary<string, (int Count, int Hits)>>();
        foreach (var facts in new[] { ordered, closings, reopenings, dispatches, calls })
        {
            var byKey = await Count(facts, groupBy, ct);
            counts.Add(groupBy == "county" ? ToCounties(scope, byKey) : byKey);
        }
        var keys = counts.SelectMany(c => c.Keys).ToHashSet();
        Dictionary<string, string> names;
        if (groupBy == "county")
        {
            foreach (var county in scope.Places.Values.Where(p => p.Kind == JurisdictionKind.County && p.IsWithin(scope.Root.Id)))
                keys.Add(county.Id);
            names = keys.ToDictionary(k => k, k => scope.Places.TryGetValue(k, out var p) ? p.Name : k);
        }
        else names = groupBy == "provider" ? await ProviderNamesAsync(keys, ct) : await ServiceNamesAsync(keys, ct);

        var rows = keys.Select(key =>
        {
            var (o, c, r, d, v) = (counts[0].GetValueOrDefault(key), counts[1].GetValueOrDefault(key), counts[2].GetValueOrDefault(key),
                counts[3].GetValueOrDefault(key), counts[4].GetValueOrDefault(key));
            return new KpiGroup(key, names.GetValueOrDefault(key, key), o.Count, c.Count, Rate(c.Hits, c.Count), Rate(d.Hits, d.Count), Rate(v.Hits, v.Count),
                r.Count, c.Hits, d.Count, d.Hits, v.Count, v.Hits);
        });
        // Counties in the tree's order (the city's own tickets first); providers and items most ordered first.
        var sorted = groupBy == "county"
            ? rows.OrderBy(x => scope.Places.TryGetValue(x.Key, out var p) ? p.Path : "~" + x.Key, StringComparer.Ordinal)
            : rows.OrderByDescending(x => x.Ordered).ThenBy(x => x.Key, StringComparer.Ordinal);
        return CaseResults.Done<IReadOnlyList<KpiGroup>>([.. sorted]);
    }

    private static double? Rate(int hits, int count) => count == 0 ? null : Math.Round((double)hits / count, 4);
}
