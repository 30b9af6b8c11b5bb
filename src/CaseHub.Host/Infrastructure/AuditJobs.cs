using CaseHub.Core.Audit;
using Hangfire;

namespace CaseHub.Host.Infrastructure;

/// <summary>Chains pending audit records into the hash chain every few seconds (each host; the chain lock serialises them).</summary>
public sealed class AuditJobs(AuditSealer sealer)
{
    public const string SealJobId = "audit-seal";

    [AutomaticRetry(Attempts = 0)]
    public Task SealAsync(CancellationToken ct) => sealer.SealPendingAsync(ct);
}

public static class AuditJobExtensions
{
    public static void StartAuditSealing(this WebApplication app) =>
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<AuditJobs>(AuditJobs.SealJobId, j => j.SealAsync(CancellationToken.None), "*/5 * * * * *");
}
