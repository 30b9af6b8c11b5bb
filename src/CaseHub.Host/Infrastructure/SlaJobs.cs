using CaseHub.Core.Sla;
using Hangfire;

namespace CaseHub.Host.Infrastructure;

public static class SlaHostExtensions
{
    public const string EscalationJobId = "sla-escalation";
    public const string EscalationCronKey = "CaseHub:Sla:EscalationCron";
    public const string EveryMinute = "* * * * *";

    /// <summary>
    /// Starts the recurring escalation sweep. The database is the truth (due time and escalation mark on the ticket),
    /// so a sweep missed while every host was down simply finds more overdue tickets on the next run.
    /// </summary>
    public static void StartSlaJobs(this WebApplication app)
    {
        var cron = app.Configuration[EscalationCronKey] is { Length: > 0 } configured ? configured : EveryMinute;
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<SlaJobs>(EscalationJobId, j => j.EscalateAsync(CancellationToken.None), cron);
    }
}

/// <summary>The Hangfire job that raises escalations; it runs in its own DI scope, as the sweep requires.</summary>
public sealed class SlaJobs(SlaEscalation escalation)
{
    // No retries: the next run is the retry, and it sees the latest due times. Overlapping runs (a slow sweep,
    // several hosts) are safe because each ticket is claimed atomically, so no concurrency lock is needed.
    [AutomaticRetry(Attempts = 0)]
    public Task<int> EscalateAsync(CancellationToken ct) => escalation.EscalateOverdueAsync(ct);
}
