using CaseHub.Core.Data;
using CaseHub.Core.Modules;
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
/// Loads the definitions shipped with the host: the shared ones under <c>workflows/</c> and those each module
/// embeds. A definition that is new, or whose JSON changed, becomes a new published version. One that does
/// not validate, or whose id another source also uses, stops the start with what is wrong.
/// </summary>
public sealed class DefaultWorkflowLoader(WorkflowDefinitions definitions, WorkflowDb db, ModuleRegistry modules)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "workflows");

    /// <summary>Loads the shared definitions in <paramref name="folder"/> and every module's; returns the ids that got a new version.</summary>
    public async Task<IReadOnlyList<string>> LoadAsync(string folder, CancellationToken ct)
    {
        var sources = new List<(string Name, byte[] Json)>();
        if (Directory.Exists(folder))
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
                sources.Add(($"workflows/{Path.GetFileName(file)}", await File.ReadAllBytesAsync(file, ct)));
        sources.AddRange(modules.All.SelectMany(m => m.Workflows).Select(w => (w.Name, w.Json)));

        var loaded = new List<string>();
        var seen = new Dictionary<string, string>();
        foreach (var source in sources)
        {
            var document = Parse(source);
            if (!seen.TryAdd(document.DefinitionId!, source.Name))
                throw new InvalidOperationException($"Workflow {source.Name} reuses the definitionId '{document.DefinitionId}' of {seen[document.DefinitionId!]}; give one of them another id.");
            if (await PublishIfChangedAsync(source.Name, document, ct)) loaded.Add(document.DefinitionId!);
        }
        return loaded;
    }

    private static WorkflowDocument Parse((string Name, byte[] Json) source)
    {
        WorkflowDocument document;
        try
        {
            document = WorkflowJson.Parse(source.Json);
        }
        catch (WorkflowFormatException e)
        {
            throw new InvalidOperationException($"Workflow {source.Name} is not valid Elsa JSON: {e.Message}", e);
        }
        return string.IsNullOrWhiteSpace(document.DefinitionId)
            ? throw new InvalidOperationException($"Workflow {source.Name} needs a definitionId.")
            : document;
    }

    private async Task<bool> PublishIfChangedAsync(string name, WorkflowDocument document, CancellationToken ct)
    {
        var current = await db.Definitions.AsNoTracking().Where(d => d.DefinitionId == document.DefinitionId)
            .OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
        if (current is not null && Same(current, document)) return false;
        try
        {
            var saved = await definitions.SaveDraftAsync(document, ct);
            await definitions.PublishAsync(saved.DefinitionId, saved.Version, ct);
            return true;
        }
        catch (WorkflowValidationException e)
        {
            var problems = string.Join("; ", e.Issues.Select(i => $"{i.Field}: {i.Message}"));
            throw new InvalidOperationException($"Workflow {name} does not validate: {problems}", e);
        }
    }

    // The stored JSON is the file's JSON with id, version and published flag set; compare on equal terms.
    private static bool Same(WorkflowDefinitionRecord stored, WorkflowDocument file) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(
            WorkflowJson.Write(WorkflowJson.Parse(stored.Json), stored.DefinitionId, stored.Version, true),
            WorkflowJson.Write(file, stored.DefinitionId, stored.Version, true));
}
