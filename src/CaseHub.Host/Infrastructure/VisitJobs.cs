using CaseHub.Core.Data;
using CaseHub.Core.Visits;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Infrastructure;

public static class VisitHostExtensions
{
    public const string MissedJobId = "visits-missed";
    public const string PairingJobId = "pairings-monthly-check";
    public const string CatchUpJobId = "visits-catch-up";

    public static void AddCaseHubVisitJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddCaseHubVisits();
        builder.Services.AddSingleton<IVisitPlanJobs, HangfireVisitPlanJobs>();
        builder.Services.AddScoped<VisitJobs>();
        builder.Services.AddHostedService<VisitCatchUpAtStart>();
    }

    /// <summary>
    /// Registers every plan's recurring job (the in-memory storage of the embedded default lost them with the last
    /// process), the missed-visit sweep and the monthly pairing check, and queues a catch-up of everything missed
    /// while no host ran (<see cref="VisitCatchUpAtStart"/>): the plans' occurrences, the days that passed, the month that ended.
    /// </summary>
    public static async Task StartVisitJobsAsync(this WebApplication app)
    {
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        var plans = app.Services.GetRequiredService<IVisitPlanJobs>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            foreach (var plan in await db.Set<VisitPlan>().AsNoTracking().ToListAsync(app.Lifetime.ApplicationStopping))
                plans.Apply(plan);
        }
        var china = new RecurringJobOptions { TimeZone = Core.Sla.BusinessCalendar.ChinaTime };
        recurring.AddOrUpdate<VisitJobs>(MissedJobId, j => j.MarkMissedAsync(CancellationToken.None), "5 * * * *", china);
        recurring.AddOrUpdate<VisitJobs>(PairingJobId, j => j.CheckPairingsAsync(CancellationToken.None), "0 1 1 * *", china);
    }
}

/// <summary>
/// The catch-up once the host has started, beside the request pipeline rather than through the job queue: it does not
/// wait for a Hangfire worker to pick it up, and a failure only leaves the work to each plan's next run.
/// </summary>
internal sealed class VisitCatchUpAtStart(IServiceScopeFactory scopes, ILogger<VisitCatchUpAtStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<VisitJobs>().CatchUpEverythingAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The start's catch-up of visits failed; each plan's next run catches up instead");
        }
    }
}

/// <summary>One Hangfire recurring job per plan, in the plan's time zone; every occurrence missed while all hosts were down still runs.</summary>
internal sealed class HangfireVisitPlanJobs(IRecurringJobManager recurring) : IVisitPlanJobs
{
    public void Apply(VisitPlan plan)
    {
        if (plan.Paused)
        {
            recurring.RemoveIfExists(plan.JobId);
            return;
        }
        var zone = VisitSchedule.Of(plan).Zone;
        var id = plan.Id;
        recurring.AddOrUpdate<VisitJobs>(plan.JobId, j => j.RunPlanAsync(id, CancellationToken.None), plan.Cron,
            new RecurringJobOptions { TimeZone = zone, MisfireHandling = MisfireHandlingMode.Strict });
    }
}

/// <summary>The Hangfire jobs of visits; each runs in its own DI scope.</summary>
public sealed class VisitJobs(VisitMaker maker, VisitMoves moves, PairingCoverage pairings, CaseHubDbContext db)
{
    // No retries: each run is a full catch-up, so the next one is the retry, and a retry could not double anything anyway.
    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunPlanAsync(Guid planId, CancellationToken ct) => maker.CatchUpAsync(planId, ct);

    [AutomaticRetry(Attempts = 0)]
    public Task<int> MarkMissedAsync(CancellationToken ct) => moves.MarkMissedAsync(ct);

    [AutomaticRetry(Attempts = 0)]
    public Task<int> CheckPairingsAsync(CancellationToken ct) => pairings.CheckPastMonthAsync(ct);

    /// <summary>What runs at start: every active plan's missed occurrences, then missed days and the past month's check.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task CatchUpEverythingAsync(CancellationToken ct)
    {
        var ids = await db.Set<VisitPlan>().AsNoTracking().Where(p => !p.Paused).Select(p => p.Id).ToListAsync(ct);
        foreach (var id in ids) await maker.CatchUpAsync(id, ct);
        await moves.MarkMissedAsync(ct);
        await pairings.CheckPastMonthAsync(ct);
    }
}
