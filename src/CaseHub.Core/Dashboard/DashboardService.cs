using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Modules;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Dashboard;

/// <summary>
/// The closed loop's figures — hot services, satisfaction, timeliness (KPIs), island coverage, channel mix, weekly trend —
/// over the tickets the one visibility rule (<see cref="CaseVisibility"/>) gives the caller: the administrator the city,
/// a county officer their county, both narrowed by place and function. Counting is done by the database, grouped by
/// place, provider or item; the roll-up to counties and islands and the names are added here.
/// </summary>
public sealed partial class DashboardService(CaseHubDbContext db, CaseVisibility visibility, ModuleRegistry modules, IslandVisits visits, TimeProvider time)
{
    /// <summary>The items ordered most in the period, most first (ties by code).</summary>
    public async Task<CaseResult<IReadOnlyList<HotService>>> HotServicesAsync(Actor actor, DashboardQuery query, CancellationToken ct = default)
    {
        var read = await ScopeAsync(actor, query, ct);
        if (read.Value is not { } scope) return new CaseFailure(read.Outcome, read.Problem!);
        var counts = await Ordered(scope).GroupBy(t => t.ServiceCode).Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(ct);
        var names = await ServiceNamesAsync(counts.Select(c => c.Code), ct);
        return CaseResults.Done<IReadOnlyList<HotService>>([.. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new HotService(c.Code, names.GetValueOrDefault(c.Code, c.Code), c.Count))]);
    }

    /// <summary>
    /// Ratings given in the period by provider or by item: groups with at least <c>minSample</c> ratings (default 5) best
    /// first, then the groups below it (样本不足), which never rank above a group with enough ratings.
    /// </summary>
    public async Task<CaseResult<IReadOnlyList<SatisfactionGroup>>> SatisfactionAsync(Actor actor, DashboardQuery query, CancellationToken ct = default)
    {
        var groupBy = query.GroupBy is { Length: > 0 } g ? g : "provider";
        if (groupBy is not ("provider" or "service")) return CaseResults.Invalid("groupBy", "须为 provider 或 service / must be provider or service");
        var minSample = 5;
        if (query.MinSample is { Length: > 0 } m && !(int.TryParse(m, out minSample) && minSample >= 1))
            return CaseResults.Invalid("minSample", "须为不小于 1 的整数 / must be a whole number of at least 1");
        var read = await ScopeAsync(actor, query, ct);
        if (read.Value is not { } scope) return new CaseFailure(read.Outcome, read.Problem!);

        var ratings = from f in db.Set<TicketFeedback>().Where(f => f.At >= scope.Start && f.At < scope.End)
                      join t in scope.Tickets on f.TicketId equals t.Id
                      select new Fact { Place = t.JurisdictionId, Provider = f.ProviderId, Service = t.ServiceCode, Hit = f.Rating };
        var sums = await Count(ratings, groupBy, ct);
        var names = groupBy == "provider" ? await ProviderNamesAsync(sums.Keys, ct) : await ServiceNamesAsync(sums.Keys, ct);
        var groups = sums.Select(s => new SatisfactionGroup(s.Key, names.GetValueOrDefault(s.Key, s.Key),
            Math.Round((double)s.Value.Hits / s.Value.Count, 2), s.Value.Count, s.Value.Count < minSample));
        return CaseResults.Done<IReadOnlyList<SatisfactionGroup>>([.. groups.OrderBy(x => x.InsufficientSample)
            .ThenByDescending(x => x.AverageRating).ThenByDescending(x => x.Count).ThenBy(x => x.Key, StringComparer.Ordinal)]);
    }

    /// <summary>Tickets ordered in the period by channel, most first.</summary>
    public async Task<CaseResult<IReadOnlyList<ChannelShare>>> ChannelsAsync(Actor actor, DashboardQuery query, CancellationToken ct = default)
    {
        var read = await ScopeAsync(actor, query, ct);
        if (read.Value is not { } scope) return new CaseFailure(read.Outcome, read.Problem!);
        var counts = await Ordered(scope).GroupBy(t => t.Channel).Select(g => new ChannelShare(g.Key, g.Count())).ToListAsync(ct);
        return CaseResults.Done<IReadOnlyList<ChannelShare>>([.. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Channel, StringComparer.Ordinal)]);
    }

    /// <summary>Tickets ordered and closings per week (Monday first, China time) across the period.</summary>
    public async Task<CaseResult<IReadOnlyList<WeekTrend>>> WeeklyAsync(Actor actor, DashboardQuery query, CancellationToken ct = default)
    {
        var read = await ScopeAsync(actor, query, ct);
        if (read.Value is not { } scope) return new CaseFailure(read.Outcome, read.Problem!);
        var weeks = new List<WeekTrend>();
        // A week is a range of the (indexed) creation time; one count per week keeps the work bounded by weeks, not by tickets.
        var monday = scope.FirstDay.AddDays(-(((int)scope.FirstDay.DayOfWeek + 6) % 7));
        for (var week = monday; week <= scope.LastDay; week = week.AddDays(7))
        {
            var (start, end) = (DashboardScope.DayStarts(week < scope.FirstDay ? scope.FirstDay : week),
                DashboardScope.DayStarts(week.AddDays(7) > scope.LastDay ? scope.LastDay.AddDays(1) : week.AddDays(7)));
            var ordered = await scope.Tickets.CountAsync(t => t.CreatedAt >= start && t.CreatedAt < end, ct);
            var closed = await Closings(scope.Tickets, start, end).CountAsync(ct);
            weeks.Add(new WeekTrend(week, ordered, closed));
        }
        return CaseResults.Done<IReadOnlyList<WeekTrend>>(weeks);
    }

    /// <summary>The places a dashboard may be narrowed to: the caller's area and the counties and islands in it.</summary>
    public async Task<IReadOnlyList<Jurisdiction>> FilterPlacesAsync(Actor actor, CancellationToken ct = default)
    {
        if (DashboardScope.WhyNot(actor) is not null || await visibility.AreaAsync(actor, ct) is not { } area) return [];
        return await db.Jurisdictions.Within(area).AsNoTracking()
            .Where(j => j.Kind == JurisdictionKind.City || j.Kind == JurisdictionKind.County || j.Kind == JurisdictionKind.Island)
            .OrderBy(j => j.Path).ToListAsync(ct);
    }

    /// <summary>The module ids (functions) a dashboard may be narrowed to.</summary>
    public IReadOnlyList<(string Id, string Name)> Functions => [.. modules.All.Select(m => (m.Manifest.Id, m.Manifest.Name))];

    private static IQueryable<Ticket> Ordered(DashboardScope scope) => scope.Tickets.Where(t => t.CreatedAt >= scope.Start && t.CreatedAt < scope.End);

    /// <summary>Status moves to <paramref name="status"/> in [start, end) of the given tickets, one row per move.</summary>
    private IQueryable<Move> Moves(IQueryable<Ticket> tickets, TicketStatus status, DateTimeOffset start, DateTimeOffset end)
    {
        // The timeline writes {"from":"…","to":"<status>","details":…}; a text inside details is escaped (\"), so it cannot match.
        var marker = $"\"to\":\"{status}\"";
        return from e in db.Set<TicketEvent>()
               where e.Type == TicketEvent.StatusChanged && e.At >= start && e.At < end && e.Data!.Contains(marker)
               join t in tickets on e.TicketId equals t.Id
               select new Move { Event = e, Ticket = t };
    }

    private IQueryable<TicketEvent> Closings(IQueryable<Ticket> tickets, DateTimeOffset start, DateTimeOffset end) =>
        Moves(tickets, TicketStatus.Closed, start, end).Select(m => m.Event);
}
