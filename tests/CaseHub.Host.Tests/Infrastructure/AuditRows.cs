using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests.Infrastructure;

public static class AuditRows
{
    /// <summary>Chains what is pending (as the host's job does within seconds), then queries the chained log.</summary>
    public static async Task<T> SealedAuditAsync<T>(this CaseHubFactory host, Func<IQueryable<AuditEntry>, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync();
        return await query(scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<AuditEntry>().AsNoTracking());
    }
}
