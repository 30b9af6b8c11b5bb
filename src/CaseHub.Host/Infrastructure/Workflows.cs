using CaseHub.Core.Data;
using CaseHub.Workflows;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Infrastructure;

public static class WorkflowHostExtensions
{
    public const string SweepJobId = "workflow-sweep";

    /// <summary>The engine on the CaseHub database, with Hangfire as the executor of its timers and outbox.</summary>
    public static void AddCaseHubWorkflowEngine(this WebApplicationBuilder builder)
    {
        builder.Services.AddCaseHubWorkflows<CaseHubDbContext>(o => builder.Configuration.GetSection("Workflows").Bind(o));
        builder.Services.AddSingleton<IWorkflowScheduler, HangfireWorkflowScheduler>();
        builder.Services.AddScoped<WorkflowJobs>();
        builder.Services.AddScoped<DefaultWorkflowLoader>();
    }

    /// <summary>Loads the default definitions and starts the recurring sweep that fires due timers (also those missed while down).</summary>
    public static async Task StartWorkflowEngineAsync(this WebApplication app)
    {
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DefaultWorkflowLoader>().LoadAsync(DefaultWorkflowLoader.Folder, app.Lifetime.ApplicationStopping);
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<WorkflowJobs>(SweepJobId, j => j.SweepAsync(CancellationToken.None), "*/5 * * * * *");
    }
}

/// <summary>Hangfire jobs that drive the engine; each runs in its own DI scope.</summary>
public sealed class WorkflowJobs(WorkflowTimers timers, WorkflowOutbox outbox)
{
    /// <summary>Fires every due timer and delivers pending outbox messages.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task SweepAsync(CancellationToken ct)
    {
        await timers.FireDueAsync(ct: ct);
        await outbox.DispatchPendingAsync(ct: ct);
    }

    [AutomaticRetry(Attempts = 0)]
    public Task FireTimerAsync(string timerId, CancellationToken ct) => timers.FireAsync(timerId, ct);

    [AutomaticRetry(Attempts = 3)]
    public Task DispatchOutboxAsync(CancellationToken ct) => outbox.DispatchPendingAsync(ct: ct);
}

/// <summary>Schedules a Hangfire job per near timer, so short delays fire on time; the sweep catches the rest.</summary>
internal sealed class HangfireWorkflowScheduler(IBackgroundJobClient jobs, TimeProvider clock) : IWorkflowScheduler
{
    private static readonly TimeSpan Near = TimeSpan.FromMinutes(5);

    public void TimersCreated(IReadOnlyList<(string TimerId, DateTimeOffset DueAt)> timers)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, due) in timers.Where(t => t.DueAt - now < Near))
            jobs.Schedule<WorkflowJobs>(j => j.FireTimerAsync(id, CancellationToken.None), due);
    }

    public void OutboxWritten() => jobs.Enqueue<WorkflowJobs>(j => j.DispatchOutboxAsync(CancellationToken.None));
}

/// <summary>
/// Loads the default definitions shipped under <c>workflows/</c>: a definition that is new, or whose file
/// changed, becomes a new published version. A file that does not validate stops the start with its errors.
/// </summary>
public sealed class DefaultWorkflowLoader(WorkflowDefinitions definitions, WorkflowDb db)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "workflows");

    public async Task<IReadOnlyList<string>> LoadAsync(string folder, CancellationToken ct)
    {
        var loaded = new List<string>();
        if (!Directory.Exists(folder)) return loaded;
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            WorkflowDocument document;
            try
            {
                document = WorkflowJson.Parse(await File.ReadAllBytesAsync(file, ct));
            }
            catch (WorkflowFormatException e)
            {
                throw new InvalidOperationException($"Default workflow {Path.GetFileName(file)} is not valid Elsa JSON: {e.Message}", e);
            }
            if (string.IsNullOrWhiteSpace(document.DefinitionId))
                throw new InvalidOperationException($"Default workflow {Path.GetFileName(file)} needs a definitionId.");

            var current = await db.Definitions.AsNoTracking().Where(d => d.DefinitionId == document.DefinitionId)
                .OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
            if (current is not null && Same(current, document)) continue;
            try
            {
                var saved = await definitions.SaveDraftAsync(document, ct);
                await definitions.PublishAsync(saved.DefinitionId, saved.Version, ct);
                loaded.Add(saved.DefinitionId);
            }
            catch (WorkflowValidationException e)
            {
                var problems = string.Join("; ", e.Issues.Select(i => $"{i.Field}: {i.Message}"));
                throw new InvalidOperationException($"Default workflow {Path.GetFileName(file)} does not validate: {problems}", e);
            }
        }
        return loaded;
    }

    // The stored JSON is the file's JSON with id, version and published flag set; compare on equal terms.
    private static bool Same(WorkflowDefinitionRecord stored, WorkflowDocument file) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(
            WorkflowJson.Write(WorkflowJson.Parse(stored.Json), stored.DefinitionId, stored.Version, true),
            WorkflowJson.Write(file, stored.DefinitionId, stored.Version, true));
}
