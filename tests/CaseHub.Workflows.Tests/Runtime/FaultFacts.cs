using System.Text.Json.Nodes;
using CaseHub.Workflows.Runtime;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>What the runner keeps of a fault (the incident, where to retry from) and what it throws away (the failing activity's changes).</summary>
public sealed class FaultFacts
{
    [Fact]
    public async Task AScriptThatThrows_LeavesAnIncidentWithTheActivityTheExceptionAndItsStack()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Activity("check", "Elsa.RunJavaScript", ("script", "Literal", "throw new Error('余额不足 / not enough');"))],
            [Connect("start", "Done", "check")]));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, step.Status);
        var incident = step.Incident!;
        Assert.Equal("check", incident.ActivityId);
        Assert.Equal("Elsa.RunJavaScript", incident.ActivityType);
        Assert.Contains("not enough", incident.Message);
        Assert.False(string.IsNullOrEmpty(incident.ExceptionType));
        Assert.Contains(" at ", incident.Stack);
        Assert.Equal(incident.ExceptionType, step.Exception?.GetType().FullName);
        Assert.Equal(incident, WorkflowIncident.Parse(incident.ToJson()));
        Assert.Equal("check", engine.State.Fault?.ActivityId);
    }

    [Fact]
    public async Task AFaultingScript_LeavesTheVariablesAsTheyWereBeforeIt()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Activity("count", "Elsa.SetVariable", ("variable", "Literal", "Counter"), ("value", "JavaScript", "1")),
             Activity("check", "Elsa.RunJavaScript", ("script", "Literal", "setCounter(99); throw new Error('half done');"))],
            [Connect("start", "Done", "count"), Connect("count", "Done", "check")],
            ("Counter", "Double", "0")));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, step.Status);
        // The activity before the fault keeps its work; the failing one's half-done assignment is gone.
        Assert.Equal(1, engine.State.Variables["Counter"]!.GetValue<double>());
    }

    [Fact]
    public async Task ARetry_RunsTheFaultedActivityAgain_AndReopensTheOtherBranchesBookmarks()
    {
        var json = Document(
            [Activity("start", "Elsa.Start"), Activity("fork", "Elsa.FlowFork", ("branches", "Literal", "[\"A\",\"B\"]")),
             Activity("wait", "Elsa.Event", ("eventName", "Literal", "go")),
             Activity("check", "Elsa.RunJavaScript", ("script", "Literal", "if (!getFixed()) throw new Error('not yet');")),
             Activity("join", "Elsa.FlowJoin", ("mode", "Literal", "WaitAll")), Activity("done", "Elsa.WriteLine", ("text", "Literal", "joined"))],
            [Connect("start", "Done", "fork"), Connect("fork", "A", "wait"), Connect("fork", "B", "check"),
             Connect("wait", "Done", "join"), Connect("check", "Done", "join"), Connect("join", "Done", "done")],
            ("Fixed", "Boolean", "false"));
        var engine = InMemoryEngine.FromJson(json);

        var faulted = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Empty(engine.State.Bookmarks);
        Assert.Equal("wait", Assert.Single(engine.State.Fault!.Bookmarks).ActivityId);

        engine.State.Variables["Fixed"] = JsonValue.Create(true);
        var retried = await engine.RetryAsync();

        Assert.Equal(WorkflowStatus.Suspended, retried.Status);
        Assert.Equal(["check"], engine.Executed(retried));
        Assert.Null(engine.State.Fault);
        var finished = await engine.ResumeAsync(engine.Bookmark("wait"));
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
        Assert.Equal("joined", engine.State.Lines[^1]);
    }

    [Fact]
    public void AnIncidentStoredAsPlainText_ReadsAsItsMessage()
    {
        var incident = WorkflowIncident.Parse("spin (Elsa.RunJavaScript): timed out");
        Assert.Equal("spin (Elsa.RunJavaScript): timed out", incident?.Summary);
        Assert.Null(WorkflowIncident.Parse(null));
    }
}
