using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Providers;

/// <summary>
/// Moves a provider through <see cref="Accreditation"/>: the new state, its history row and its audit
/// entry are saved by one SaveChanges, so none exists without the others.
/// </summary>
public sealed class ProviderAccreditations(CaseHubDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>Applies <paramref name="action"/>; null when the table has no such step from the provider's state (nothing is saved).</summary>
    public async Task<AccreditationEvent?> ApplyAsync(Provider provider, string action, string reason, DateTimeOffset? deadline, string actor, CancellationToken ct = default)
    {
        if (!Accreditation.TryNext(provider.Accreditation, action, out var to)) return null;
        var step = new AccreditationEvent
        {
            ProviderId = provider.Id, Action = action, FromState = provider.Accreditation, ToState = to,
            Reason = reason, Deadline = deadline, Actor = actor, At = clock.GetUtcNow(),
        };
        provider.Accreditation = to;
        db.Set<AccreditationEvent>().Add(step);
        audit.Record(actor, $"provider.accreditation.{action}", nameof(Provider), provider.Id, provider.JurisdictionId,
            new { from = step.FromState, to, reason, deadline });
        await db.SaveChangesAsync(ct);
        return step;
    }

    /// <summary>The provider's accreditation steps, oldest first.</summary>
    public async Task<IReadOnlyList<AccreditationEvent>> HistoryAsync(string providerId, CancellationToken ct = default)
    {
        var rows = await db.Set<AccreditationEvent>().AsNoTracking().Where(e => e.ProviderId == providerId).ToListAsync(ct);
        // Steps come from separate requests, so times differ; the id only keeps the order stable should two coincide.
        return [.. rows.OrderBy(e => e.At).ThenBy(e => e.Id)];
    }
}
