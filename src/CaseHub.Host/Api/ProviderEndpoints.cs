using System.Security.Claims;
using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Providers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Api;

public static class ProviderEndpoints
{
    public static void MapProviderEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/providers").WithTags("Providers");
        group.MapGet("", List).WithName("ListProviders").WithSummary("服务方列表 / The providers serving the caller's jurisdiction");
        group.MapGet("/{id}/accreditation", History).WithName("GetAccreditationHistory").WithSummary("资质记录 / A provider's accreditation history");
        var managers = group.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.CountyOfficer));
        managers.MapPost("", Create).WithName("CreateProvider").WithSummary("登记服务方 / Register a provider");
        managers.MapPost("/{id}/accreditation", Accredit).WithName("AccreditProvider").WithSummary("变更资质 / Contract, give notice to or revoke a provider");
        managers.MapProviderUserEndpoint();
    }

    /// <summary>Providers that belong to or serve somewhere inside the caller's subtree; administrators see all.</summary>
    private static async Task<Ok<List<ProviderResponse>>> List(ClaimsPrincipal user, CaseHubDbContext db, CancellationToken ct)
    {
        var providers = await (await VisibleAsync(user, db, ct)).OrderBy(p => p.Name).ToListAsync(ct);
        return TypedResults.Ok(await ToResponsesAsync(db, providers, ct));
    }

    /// <summary>A new provider starts 'applied' (domain §8: application comes first). Officers may only place it inside their county.</summary>
    private static async Task<Results<Created<ProviderResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateProviderRequest body, ClaimsPrincipal user, CaseHubDbContext db, AuditLog audit, CancellationToken ct)
    {
        var errors = ProviderValidation.Check(body);
        var home = string.IsNullOrWhiteSpace(body.JurisdictionId) ? null : await db.Jurisdictions.FindAsync([body.JurisdictionId], ct);
        if (home is null && !errors.ContainsKey("jurisdictionId"))
            errors["jurisdictionId"] = [$"没有辖区 '{body.JurisdictionId}' / unknown jurisdiction '{body.JurisdictionId}'"];

        // Without a list the provider serves the place it belongs to, which is what "belongs to" means for most of them.
        var servedIds = (body.JurisdictionIds ?? (body.JurisdictionId is null ? [] : [body.JurisdictionId])).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().ToList();
        var served = await db.Jurisdictions.Where(j => servedIds.Contains(j.Id)).ToListAsync(ct);
        var unknownPlaces = servedIds.Except(served.Select(j => j.Id)).ToList();
        if (unknownPlaces.Count > 0 && !errors.ContainsKey("jurisdictionIds"))
            errors["jurisdictionIds"] = [$"没有辖区 / unknown jurisdictions: {string.Join(", ", unknownPlaces)}"];

        var codes = (body.ServiceCodes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct().ToList();
        var knownCodes = await db.ServiceItems.Where(i => codes.Contains(i.Code)).Select(i => i.Code).Distinct().ToListAsync(ct);
        var unknownCodes = codes.Except(knownCodes).ToList();
        if (unknownCodes.Count > 0 && !errors.ContainsKey("serviceCodes"))
            errors["serviceCodes"] = [$"没有服务事项 / unknown service codes: {string.Join(", ", unknownCodes)}"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "服务单位无效 / Invalid provider");

        if (!user.CanSee(home!)) return ApiErrors.OutsideJurisdiction(home!);
        if (served.FirstOrDefault(j => !user.CanSee(j)) is { } outside)
            return ApiErrors.OutsideJurisdiction(outside);

        var provider = new Provider
        {
            Id = Guid.NewGuid().ToString("N"), Name = body.Name!.Trim(), NameEn = body.NameEn, Kind = body.Kind!,
            Accreditation = Accreditation.Applied, JurisdictionId = home!.Id,
        };
        db.Providers.Add(provider);
        db.Set<ProviderJurisdiction>().AddRange(servedIds.Select(j => new ProviderJurisdiction { ProviderId = provider.Id, JurisdictionId = j }));
        db.Set<ProviderService>().AddRange(codes.Select(c => new ProviderService { ProviderId = provider.Id, ServiceCode = c }));
        audit.Record(user.Name(), "provider.create", nameof(Provider), provider.Id, home.Id,
            new { provider.Name, provider.Kind, jurisdictionIds = servedIds, serviceCodes = codes });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/providers/{provider.Id}", Response(provider, servedIds, codes));
    }

    /// <summary>
    /// One accreditation step. A provider the caller cannot see answers 404, as any id outside their jurisdiction;
    /// one they see but that belongs above their county (a city department serving it) answers 403.
    /// </summary>
    private static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> Accredit(
        string id, AccreditationRequest body, ClaimsPrincipal user, CaseHubDbContext db, ProviderAccreditations accreditations,
        TimeProvider clock, CancellationToken ct)
    {
        var provider = await (await VisibleAsync(user, db, ct)).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (provider is null) return ApiErrors.NotFound("provider", id);
        var home = await db.Jurisdictions.SingleAsync(j => j.Id == provider.JurisdictionId, ct);
        if (!user.CanSee(home)) return ApiErrors.Forbidden($"{provider.Name} 属于 {home.Name}，不由您管理 / {provider.Name} belongs to {home.Name}, outside your jurisdiction.");

        var errors = ProviderValidation.Check(body, clock.GetUtcNow(), out var deadline);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "认证操作无效 / Invalid accreditation request");

        var state = provider.Accreditation;
        if (await accreditations.ApplyAsync(provider, body.Action!, body.Reason!.Trim(), deadline, user.Name(), ct) is null)
        {
            var allowed = Accreditation.AllowedActions(state);
            var list = allowed.Count == 0 ? "无 / none" : string.Join(", ", allowed);
            return TypedResults.Problem(statusCode: 409, title: "当前状态不允许此操作 / Action does not fit the current state",
                detail: $"服务单位当前状态为 '{state}'，不能执行 '{body.Action}'；可执行：{list} / the provider is '{state}', so '{body.Action}' does not apply; allowed actions: {list}",
                extensions: new Dictionary<string, object?> { ["state"] = state, ["allowedActions"] = allowed });
        }
        return TypedResults.Ok((await ToResponsesAsync(db, [provider], ct))[0]);
    }

    /// <summary>The accreditation history, oldest first, for anyone who can see the provider.</summary>
    private static async Task<Results<Ok<List<AccreditationEventResponse>>, ProblemHttpResult>> History(
        string id, ClaimsPrincipal user, CaseHubDbContext db, ProviderAccreditations accreditations, CancellationToken ct)
    {
        if (!await (await VisibleAsync(user, db, ct)).AnyAsync(p => p.Id == id, ct)) return ApiErrors.NotFound("provider", id);
        var steps = await accreditations.HistoryAsync(id, ct);
        return TypedResults.Ok(steps.Select(e => new AccreditationEventResponse(e.Id, e.Action, e.FromState, e.ToState, e.Reason, e.Deadline, e.Actor, e.At)).ToList());
    }

    private static async Task<IQueryable<Provider>> VisibleAsync(ClaimsPrincipal user, CaseHubDbContext db, CancellationToken ct)
    {
        if (user.IsInRole(Roles.Administrator)) return db.Providers;
        var home = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == user.HomeJurisdictionId(), ct);
        var inside = db.Jurisdictions.Within(home).Select(j => j.Id);
        return db.Providers.Where(p => inside.Contains(p.JurisdictionId)
            || db.Set<ProviderJurisdiction>().Any(l => l.ProviderId == p.Id && inside.Contains(l.JurisdictionId)));
    }

    private static async Task<List<ProviderResponse>> ToResponsesAsync(CaseHubDbContext db, List<Provider> providers, CancellationToken ct)
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
