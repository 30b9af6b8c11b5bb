using CaseHub.Core.Audit;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Providers;

/// <summary>
/// The providers a person may see and manage, behind two rules:
/// <list type="bullet">
/// <item><b>See</b>: administrators see all; anyone else the providers that belong to a place in their subtree or
/// serve one — and a provider serving an ancestor of their home serves every place below it, so the city health
/// commission (serving 舟山市) is seen, and can be picked, in 普陀区.</item>
/// <item><b>Manage</b> (accredit, give accounts): only providers that belong inside the actor's subtree; one they
/// see but that belongs above it is refused with 403, one they do not see does not exist for them (404).</item>
/// </list>
/// The API handlers bind, call one method here and map its <see cref="CaseResult{T}"/>.
/// </summary>
public sealed partial class ProviderDirectory(CaseHubDbContext db, ProviderAccreditations accreditations, UserManager<CaseHubUser> users,
    AuditLog audit, TimeProvider clock)
{
    /// <summary>The providers the actor sees, by name.</summary>
    public async Task<CaseResult<List<ProviderResponse>>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var providers = await (await VisibleAsync(actor, ct)).OrderBy(p => p.Name).ToListAsync(ct);
        return CaseResults.Done(await ToResponsesAsync(providers, ct));
    }

    /// <summary>The accreditation history, oldest first, for anyone who sees the provider.</summary>
    public async Task<CaseResult<List<AccreditationEventResponse>>> HistoryAsync(Actor actor, string id, CancellationToken ct = default)
    {
        if (!await (await VisibleAsync(actor, ct)).AnyAsync(p => p.Id == id, ct)) return CaseResults.NotFound("provider", id);
        var steps = await accreditations.HistoryAsync(id, ct);
        return CaseResults.Done(steps.Select(e => new AccreditationEventResponse(e.Id, e.Action, e.FromState, e.ToState, e.Reason, e.Deadline, e.Actor, e.At)).ToList());
    }

    private async Task<IQueryable<Provider>> VisibleAsync(Actor actor, CancellationToken ct)
    {
        if (actor.Is(Roles.Administrator)) return db.Providers;
        var home = await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Id == actor.HomeJurisdictionId, ct);
        if (home is null) return db.Providers.Where(_ => false);
        var inside = db.Jurisdictions.Within(home).Select(j => j.Id);
        // Serving counts upwards too (an ancestor's subtree contains the actor's); belonging does not: a city bureau
        // that serves only 定海区 is no business of 普陀区.
        var lineage = home.LineageIds;
        return db.Providers.Where(p => inside.Contains(p.JurisdictionId)
            || db.Set<ProviderJurisdiction>().Any(l => l.ProviderId == p.Id && (inside.Contains(l.JurisdictionId) || lineage.Contains(l.JurisdictionId))));
    }

    /// <summary>The provider, when the actor may manage it; otherwise why not (404 unseen, 403 seen but belonging above their subtree).</summary>
    private async Task<(Provider? Provider, CaseFailure? Refusal)> ManagedAsync(Actor actor, string id, CancellationToken ct)
    {
        var provider = await (await VisibleAsync(actor, ct)).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (provider is null) return (null, CaseResults.NotFound("provider", id));
        var home = await db.Jurisdictions.SingleAsync(j => j.Id == provider.JurisdictionId, ct);
        return home.IsWithin(actor.HomeJurisdictionId)
            ? (provider, null)
            : (null, CaseResults.Forbidden($"{provider.Name} 属于 {home.Name}，不由您管理 / {provider.Name} belongs to {home.Name}, outside your jurisdiction."));
    }

    private async Task<List<ProviderResponse>> ToResponsesAsync(List<Provider> providers, CancellationToken ct)
    {
        var ids = providers.Select(p => p.Id).ToList();
        var places = (await db.Set<ProviderJurisdiction>().Where(l => ids.Contains(l.ProviderId)).ToListAsync(ct)).ToLookup(l => l.ProviderId, l => l.JurisdictionId);
        var codes = (await db.Set<ProviderService>().Where(l => ids.Contains(l.ProviderId)).ToListAsync(ct)).ToLookup(l => l.ProviderId, l => l.ServiceCode);
        return [.. providers.Select(p => Response(p, places[p.Id], codes[p.Id]))];
    }

    private static ProviderResponse Response(Provider p, IEnumerable<string> places, IEnumerable<string> codes) =>
        new(p.Id, p.Name, p.NameEn, p.Kind, p.Accreditation, p.JurisdictionId,
            [.. places.Order(StringComparer.Ordinal)], [.. codes.Order(StringComparer.Ordinal)]);
}
