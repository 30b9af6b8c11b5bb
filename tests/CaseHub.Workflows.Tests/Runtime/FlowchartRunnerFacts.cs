using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Runtime;
using CaseHub.Workflows.Tests.Definitions;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Runtime;

public sealed class FlowchartRunnerFacts
{
    [Fact]
    public async Task HelloWorld_RunsToTheEndAndWritesItsLine()
    {
        var engine = new InMemoryEngine(Samples.Load("hello-world"));
        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.NotEmpty(engine.State.Lines);
        Assert.All(step.Journal, j => Assert.True(j.CompletedAt >= j.StartedAt));
    }

    [Fact]
    public async Task DecisionBeforeWaitAllActiveJoin_CompletesTheJoinWithTheOneBranchTaken()
    {
        var engine = new InMemoryEngine(Samples.Load("decision-before-join"));
        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["Start1", "FlowDecision1", "WriteLineA", "FlowJoin1", "WriteLineDone"], engine.Executed(step));
    }

    [Fact]
    public async Task ForkIntoWaitAllJoin_WaitsForTheBlockedBranch()
    {
        var json = Document(
            [Activity("start", "Elsa.Start"), Activity("fork", "Elsa.FlowFork", ("branches", "Literal", "[\"A\",\"B\"]")),
             Activity("a", "Elsa.WriteLine", ("text", "Literal", "a")), Activity("b", "Elsa.Event", ("eventName", "Literal", "go")),
             Activity("join", "Elsa.FlowJoin", ("mode", "Literal", "WaitAll")), Activity("done", "Elsa.WriteLine", ("text", "Literal", "joined"))],
            [Connect("start", "Done", "fork"), Connect("fork", "A", "a"), Connect("fork", "B", "b"),
             Connect("a", "Done", "join"), Connect("b", "Done", "join"), Connect("join", "Done", "done")]);
        var engine = InMemoryEngine.FromJson(json);

        var first = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        Assert.DoesNotContain("join", engine.Executed(first));

        var second = await engine.ResumeAsync(engine.Bookmark("b"));
        Assert.Equal(WorkflowStatus.Finished, second.Status);
        Assert.Equal(["b", "join", "done"], engine.Executed(second));
        Assert.Equal("joined", engine.State.Lines[^1]);
    }

    [Fact]
    public async Task ForkIntoWaitAnyJoin_ContinuesOnTheFirstAndCancelsTheOther()
    {
        var engine = new InMemoryEngine(Samples.Load("fork-waitany"));
        var first = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        Assert.Equal(2, engine.State.Bookmarks.Count);
        var right = engine.Bookmark("EventRight");

        var second = await engine.ResumeAsync(engine.Bookmark("EventLeft"));

        Assert.Equal(WorkflowStatus.Finished, second.Status);
        Assert.Empty(engine.State.Bookmarks);
        Assert.Contains(second.RemovedBookmarks, b => b.Id == right.Id);
    }

    [Fact]
    public async Task CounterLoop_RunsThroughTheDecisionUntilItIsFalse()
    {
        var engine = new InMemoryEngine(Samples.Load("counter-loop"));
        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(3, engine.State.Variables["Counter"]!.GetValue<double>());
        Assert.Equal(3, engine.Executed(step).Count(id => id == "SetVariable1"));
    }

    [Fact]
    public async Task ALoopThatNeverBlocks_FaultsTheInstanceWithAClearIncident()
    {
        var json = Document(
            [Activity("start", "Elsa.Start"), Activity("spin", "Elsa.WriteLine", ("text", "Literal", "again"))],
            [Connect("start", "Done", "spin"), Connect("spin", "Done", "spin")]);
        var engine = InMemoryEngine.FromJson(json);
        engine.Options.MaxExecutionsPerStep = 500;

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, step.Status);
        Assert.Contains("loop", step.Incident?.Message);
        Assert.Equal(500, step.Journal.Count);
    }

    [Fact]
    public async Task Switch_TakesTheFirstMatchingCaseElseDefault()
    {
        var engine = new InMemoryEngine(Samples.Load("switch"));
        var step = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Single(engine.Executed(step), id => id.StartsWith("WriteLine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delay_BlocksOnATimerBookmarkDueAfterTheSpan()
    {
        var engine = new InMemoryEngine(Samples.Load("delay"));
        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Suspended, step.Status);
        var timer = Assert.Single(step.AddedBookmarks);
        Assert.Equal(BookmarkKinds.Timer, timer.Kind);
        Assert.Equal(engine.Clock.Now + TimeSpan.FromSeconds(5), timer.DueAt);

        var resumed = await engine.ResumeAsync(timer, by: null);
        Assert.Equal(WorkflowStatus.Finished, resumed.Status);
    }

    [Fact]
    public async Task Cron_WaitsForTheNextOccurrenceInShanghaiTime()
    {
        var json = Document([Activity("cron", "Elsa.Cron", ("cronExpression", "Literal", "0 9 * * 1-5"))], []);
        var engine = InMemoryEngine.FromJson(json);
        engine.Clock.Now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8)); // Monday 10:00 in Zhoushan

        var step = await engine.StartAsync();

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(8)), step.AddedBookmarks.Single().DueAt);
    }

    [Fact]
    public async Task UserTask_OffersItsOutcomesAsPortsAndRefusesOthers()
    {
        var json = Document(
            [Activity("task", "CaseHub.UserTask", ("role", "Literal", "Caseworker"), ("jurisdiction", "JavaScript", "getInput('place')"),
                ("outcomes", "Literal", "[\"Approved\",\"Rejected\"]"), ("outputVariable", "Literal", "Decision")),
             Activity("yes", "Elsa.WriteLine", ("text", "Literal", "approved")), Activity("no", "Elsa.WriteLine", ("text", "Literal", "rejected"))],
            [Connect("task", "Approved", "yes"), Connect("task", "Rejected", "no")]);
        var engine = InMemoryEngine.FromJson(json);
        engine.State.Input["place"] = JsonValue.Create("putuo");

        await engine.StartAsync();
        var task = engine.Bookmark("task");
        Assert.Equal("putuo", task.Payload!["jurisdictionId"]!.GetValue<string>());
        Assert.Equal("Caseworker", task.Payload["role"]!.GetValue<string>());

        await Assert.ThrowsAsync<ResumeRejectedException>(() => engine.ResumeAsync(task, new JsonObject { ["outcome"] = "Maybe" }));
        Assert.Single(engine.State.Bookmarks); // refused: nothing changed

        var step = await engine.ResumeAsync(task, new JsonObject { ["outcome"] = "Rejected", ["data"] = new JsonObject { ["reason"] = "材料不全" } }, "caseworker@x");
        Assert.Equal(["task", "no"], engine.Executed(step));
        Assert.Equal("材料不全", engine.State.Variables["Decision"]!["data"]!["reason"]!.GetValue<string>());
        Assert.Equal("caseworker@x", engine.State.Variables["Decision"]!["completedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task UserTaskWithDueHours_TimesOutThroughItsTimedOutPort()
    {
        var json = Document(
            [Activity("task", "CaseHub.UserTask", ("role", "Literal", "Provider"), ("outcomes", "Literal", "Accept,Decline"), ("dueHours", "Literal", "24")),
             Activity("late", "Elsa.WriteLine", ("text", "Literal", "escalate"))],
            [Connect("task", "TimedOut", "late")]);
        var engine = InMemoryEngine.FromJson(json);
        var step = await engine.StartAsync();
        var task = Assert.Single(step.AddedBookmarks);
        Assert.Equal(engine.Clock.Now.AddHours(24), task.DueAt);
        Assert.Contains("TimedOut", engine.Workflow.Descriptors["task"].OutcomesOf(engine.Workflow.Nodes["task"]));

        await Assert.ThrowsAsync<ResumeRejectedException>(() => engine.ResumeAsync(task, new JsonObject { ["outcome"] = "TimedOut" }, "someone"));
        var timedOut = await engine.ResumeAsync(task, task.TimeoutPayload, by: null);
        Assert.Equal(["task", "late"], engine.Executed(timedOut));
    }

    [Fact]
    public async Task AnActivityThatThrows_FaultsTheInstanceWithTheErrorInTheJournal()
    {
        var json = Document(
            [Activity("start", "Elsa.Start"), Activity("bad", "Elsa.Delay", ("timeSpan", "Literal", "whenever"))],
            [Connect("start", "Done", "bad")]);
        var engine = InMemoryEngine.FromJson(json);

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, step.Status);
        var entry = step.Journal.Single(j => j.ActivityId == "bad");
        Assert.Equal("Faulted", entry.Outcome);
        Assert.Contains("whenever", entry.Error);
        Assert.Equal("bad", step.Incident?.ActivityId);
    }

    [Fact]
    public async Task FaultActivity_FaultsWithItsCodeAndMessage()
    {
        var engine = InMemoryEngine.FromJson(Document([Activity("f", "Elsa.Fault", ("code", "Literal", "E1"), ("message", "Literal", "不予受理"))], []));
        var step = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Faulted, step.Status);
        Assert.Contains("[E1] 不予受理", step.Incident?.Message);
    }

    [Fact]
    public async Task CorrelateAndPublishEvent_SetTheCorrelationAndWriteAnOutboxMessage()
    {
        var json = Document(
            [Activity("c", "Elsa.Correlate", ("correlationId", "Literal", "ZS-1")),
             Activity("p", "Elsa.PublishEvent", ("eventName", "Literal", "delivered"), ("correlationId", "JavaScript", "getCorrelationId()")),
             Activity("wait", "Elsa.Event", ("eventName", "Literal", "visited"))],
            [Connect("c", "Done", "p"), Connect("p", "Done", "wait")]);
        var engine = InMemoryEngine.FromJson(json);

        var step = await engine.StartAsync();

        Assert.Equal("ZS-1", engine.State.CorrelationId);
        var message = Assert.Single(step.Messages);
        Assert.Equal(OutboxTopics.Event, message.Topic);
        Assert.Equal("ZS-1", message.Payload!["correlationId"]!.GetValue<string>());
        Assert.Equal("ZS-1", engine.Bookmark("wait").CorrelationId);
    }

    [Fact]
    public async Task RunJavaScriptAndSetVariable_ChangeVariablesLaterActivitiesRead()
    {
        var json = Document(
            [Activity("js", "Elsa.RunJavaScript", ("script", "Literal", "setVariable('Total', getVariable('Total') + 40)")),
             Activity("write", "Elsa.WriteLine", ("text", "Liquid", "total={{ Variables.Total }}"))],
            [Connect("js", "Done", "write")], ("Total", "Int32", "2"));
        var engine = InMemoryEngine.FromJson(json);

        await engine.StartAsync();

        Assert.Equal("total=42", engine.State.Lines.Single());
    }
}
