using CaseHub.Core.Cases;
using CaseHub.Core.Jurisdictions;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Providers;

public sealed partial class ProviderDirectory
{
    /// <summary>A new provider starts 'applied' (domain §8: application comes first). Officers may only place it, and what it serves, inside their county.</summary>
    public async Task<CaseResult<ProviderResponse>> CreateAsync(Actor actor, CreateProviderRequest body, CancellationToken ct = default)
    {
        var errors = ProviderValidation.Check(body);
        var home = string.IsNullOrWhiteSpace(body.JurisdictionId) ? null : await db.Jurisdictions.FindAsync([body.JurisdictionId], ct);
        if (home is null) errors.TryAdd("jurisdictionId", [$"没有辖区 '{body.JurisdictionId}' / unknown jurisdiction '{body.JurisdictionId}'"]);

        // Without a list the provider serves the place it belongs to, which is what "belongs to" means for most of them.
        var servedIds = (body.JurisdictionIds ?? (body.JurisdictionId is null ? [] : [body.JurisdictionId])).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().ToList();
        var served = await db.Jurisdictions.Where(j => servedIds.Contains(j.Id)).ToListAsync(ct);
        var unknownPlaces = servedIds.Except(served.Select(j => j.Id)).ToList();
        if (unknownPlaces.Count > 0) errors.TryAdd("jurisdictionIds", [$"没有辖区 / unknown jurisdictions: {string.Join(", ", unknownPlaces)}"]);

        var codes = (body.ServiceCodes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct().ToList();
        var knownCodes = await db.ServiceItems.Where(i => codes.Contains(i.Code)).Select(i => i.Code).Distinct().ToListAsync(ct);
        var unknownCodes = codes.Except(knownCodes).ToList();
        if (unknownCodes.Count > 0) errors.TryAdd("serviceCodes", [$"没有服务事项 / unknown service codes: {string.Join(", ", unknownCodes)}"]);
        if (errors.Count > 0) return CaseResults.Invalid("服务单位无效 / Invalid provider", errors);

        if (!home!.IsWithin(actor.HomeJurisdictionId)) return JurisdictionRefusals.OutsideJurisdiction(home);
        if (served.FirstOrDefault(j => !j.IsWithin(actor.HomeJurisdictionId)) is { } outside) return JurisdictionRefusals.OutsideJurisdiction(outside);

        var provider = new Provider
        {
            Id = Guid.NewGuid().ToString("N"), Name = body.Name!.Trim(), NameEn = body.NameEn, Kind = body.Kind!,
            Accreditation = Accreditation.Applied, JurisdictionId = home.Id,
        };
        db.Providers.Add(provider);
        db.Set<ProviderJurisdiction>().AddRange(servedIds.Select(j => new ProviderJurisdiction { ProviderId = provider.Id, JurisdictionId = j }));
        db.Set<ProviderService>().AddRange(codes.Select(c => new ProviderService { ProviderId = provider.Id, ServiceCode = c }));
        audit.Record(actor.Name, "provider.create", nameof(Provider), provider.Id, home.Id,
            new { provider.Name, provider.Kind, jurisdictionIds = servedIds, serviceCodes = codes });
        await db.SaveChangesAsync(ct);
        return CaseResults.Created(Response(provider, servedIds, codes));
    }

    /// <summary>
    /// One accreditation step on a provider the actor manages. A step that does not fit the provider's state is a
    /// conflict naming the state (<see cref="CaseProblem.CurrentStatus"/>) and the actions that would fit (<see cref="CaseProblem.AllowedMoves"/>).
    /// </summary>
    public async Task<CaseResult<ProviderResponse>> AccreditAsync(Actor actor, string id, AccreditationRequest body, CancellationToken ct = default)
    {
        var (provider, refusal) = await ManagedAsync(actor, id, ct);
        if (refusal is not null) return refusal;

        var errors = ProviderValidation.Check(body, clock.GetUtcNow(), out var deadline);
        if (errors.Count > 0) return CaseResults.Invalid("认证操作无效 / Invalid accreditation request", errors);

        var state = provider!.Accreditation;
        if (await accreditations.ApplyAsync(provider, body.Action!, body.Reason!.Trim(), deadline, actor.Name, ct) is null)
        {
            var allowed = Accreditation.AllowedActions(state);
            var list = allowed.Count == 0 ? "无 / none" : string.Join(", ", allowed);
            return new CaseFailure(CaseOutcome.Conflict, new CaseProblem("当前状态不允许此操作 / Action does not fit the current state",
                $"服务单位当前状态为 '{state}'，不能执行 '{body.Action}'；可执行：{list} / the provider is '{state}', so '{body.Action}' does not apply; allowed actions: {list}")
            {
                CurrentStatus = state, AllowedMoves = [.. allowed],
            });
        }
        return CaseResults.Done((await ToResponsesAsync([provider], ct))[0]);
    }
}
