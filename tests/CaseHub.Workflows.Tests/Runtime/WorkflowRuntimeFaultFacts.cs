using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>
/// What a faulted step commits, on a real SQLite database: the instance's faulted state, journal and incident,
/// and the work of the activities before the fault; none of what the failing activity added or changed.
/// </summary>
public sealed class WorkflowRuntimeFaultFacts : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"casehub-faults-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<NotesContext>(o => o.UseSqlite($"Data Source={_file}"));
        services.AddCaseHubWorkflows<NotesContext>();
        services.AddSingleton(new ActivityDescriptor
        {
            Type = WriteNote.Type, Category = "Test", DisplayName = "Write a note", Description = "Adds a note, edits the first one, and may throw after.",
            Inputs = [new("text", "String", "singleline"), new("fail", "Boolean", "singleline")], Activity = new WriteNote(),
        });
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotesContext>();
        await db.Database.EnsureCreatedAsync();
        db.Notes.Add(new Note { Text = "original" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task AnActivityThatThrowsAfterChangingRows_CommitsOnlyTheFault_AndTheWorkBeforeIt()
    {
        var json = Document(
            [Activity("start", "Elsa.Start"), Activity("first", WriteNote.Type, ("text", "Literal", "first")),
             Activity("second", WriteNote.Type, ("text", "Literal", "second"), ("fail", "Literal", "true"))],
            [Connect("start", "Done", "first"), Connect("first", "Done", "second")]);

        InstanceSnapshot run;
        await using (var scope = _services.CreateAsyncScope())
        {
            var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>();
            var saved = await definitions.SaveDraftAsync(WorkflowJson.Parse(json));
            await definitions.PublishAsync(saved.DefinitionId);
            run = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(saved.DefinitionId);
        }

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Equal("second", run.Incident?.ActivityId);
        Assert.Equal(typeof(InvalidOperationException).FullName, run.Incident?.ExceptionType);
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotesContext>();
            Assert.Equal(["edited by first", "first"], await db.Notes.OrderBy(n => n.Id).Select(n => n.Text).ToListAsync());
            var instance = await db.Set<WorkflowInstanceRecord>().SingleAsync(i => i.Id == run.Id);
            Assert.Equal(WorkflowStatus.Faulted, instance.Status);
            Assert.Equal("second", WorkflowIncident.Parse(instance.Incident)?.ActivityId);
            var journal = await db.Set<WorkflowJournalRecord>().Where(j => j.InstanceId == run.Id).OrderBy(j => j.Id).ToListAsync();
            Assert.Equal(["start", "first", "second"], journal.Select(j => j.ActivityId));
            Assert.Contains("after writing", journal[^1].Error);
        }
    }

    private sealed class WriteNote : IActivity
    {
        public const string Type = "Test.WriteNote";

        public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        {
            var db = context.Services.GetRequiredService<NotesContext>();
            var text = context.EvaluateText("text")!;
            db.Notes.Add(new Note { Text = text });
            (await db.Notes.OrderBy(n => n.Id).FirstAsync()).Text = $"edited by {text}";
            if (context.EvaluateBoolean("fail")) throw new InvalidOperationException($"{text} failed after writing.");
            return ActivityResult.Complete();
        }
    }
}

public sealed class Note
{
    public int Id { get; set; }
    public required string Text { get; set; }
}

public sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyWorkflowModel();
}
