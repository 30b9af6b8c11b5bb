using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>
/// Elsa's composite roots and containers (its BasicWorkflows and WorkflowJsonStructures scenarios: a Sequence root prints its
/// lines in order, a single activity is a whole workflow, a container completes after its children), plus Complete and SetName.
/// </summary>
public sealed class ContainerFacts
{
    private static JsonObject Line(string id, string text) => Activity(id, "Elsa.WriteLine", ("text", "Literal", text));

    private static JsonObject Sequence(string id, params JsonObject[] children)
    {
        var sequence = Activity(id, "Elsa.Sequence");
        sequence["activities"] = new JsonArray([.. children]);
        return sequence;
    }

    private static JsonObject NestedFlowchart(string id, JsonObject[] activities, JsonObject[] connections)
    {
        var flowchart = Activity(id, "Elsa.Flowchart");
        flowchart["activities"] = new JsonArray([.. activities]);
        flowchart["connections"] = new JsonArray([.. connections]);
        return flowchart;
    }

    private static string WithRoot(JsonObject root) =>
        new JsonObject { ["definitionId"] = "test", ["version"] = 1, ["name"] = "test", ["root"] = root }.ToJsonString();

    private static IReadOnlyList<ValidationIssue> Errors(string json) =>
        [.. new WorkflowValidator(InMemoryEngine.Registry, ExpressionEngine.CreateDefault()).Validate(WorkflowJson.Parse(json)).Where(i => i.Severity == IssueSeverity.Error)];

    [Fact]
    public async Task ASequenceRoot_RunsItsActivitiesInOrderAndFinishes()
    {
        var json = WithRoot(Sequence("Sequence1", Line("a", "Hello"), Line("b", "World")));

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        var step = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["Hello", "World"], engine.State.Lines);
    }

    [Fact]
    public async Task ASingleActivityRoot_IsTheWholeWorkflow()
    {
        var json = WithRoot(Line("WriteLine1", "Hello World!"));

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        var step = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["Hello World!"], engine.State.Lines);
    }

    [Fact]
    public async Task ASequenceInAFlowchart_RunsItsChildren_ThenCompletes_ThenTheFlowContinues()
    {
        var json = Document(
            [Activity("start", "Elsa.Start"), Sequence("seq", Line("s1", "1"), Line("s2", "2")), Line("after", "3")],
            [Connect("start", "Done", "seq"), Connect("seq", "Done", "after")]);

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        var step = await engine.StartAsync();
        Assert.Equal(["start", "s1", "s2", "seq", "after"], engine.Executed(step));
        Assert.Equal(["1", "2", "3"], engine.State.Lines);
    }

    [Fact]
    public async Task AnEmptySequence_CompletesAtOnce()
    {
        var json = Document([Activity("start", "Elsa.Start"), Sequence("seq"), Line("after", "x")],
            [Connect("start", "Done", "seq"), Connect("seq", "Done", "after")]);

        var engine = InMemoryEngine.FromJson(json);
        var step = await engine.StartAsync();
        Assert.Equal(["start", "seq", "after"], engine.Executed(step));
    }

    [Fact]
    public async Task ANestedFlowchart_CompletesOnceEveryPathInItHasEnded()
    {
        var inner = NestedFlowchart("inner",
            [Activity("fork", "Elsa.FlowFork", ("branches", "Literal", "[\"L\",\"R\"]")), Line("l", "left"), Line("r", "right")],
            [Connect("fork", "L", "l"), Connect("fork", "R", "r")]);
        var json = Document([Activity("start", "Elsa.Start"), inner, Line("after", "after")],
            [Connect("start", "Done", "inner"), Connect("inner", "Done", "after")]);

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        var step = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["left", "right", "after"], engine.State.Lines);
        Assert.Equal(1, step.Journal.Count(j => j.ActivityId == "inner"));
        Assert.Equal("after", engine.Executed(step).Last());
    }

    [Fact]
    public async Task AnEventInsideASequence_PersistsWithTheInstance_AndTheSequenceGoesOnWhenItArrives()
    {
        var json = WithRoot(Sequence("Sequence1", Line("a", "before"), Activity("wait", "Elsa.Event", ("eventName", "Literal", "go")), Line("b", "after")));
        var engine = InMemoryEngine.FromJson(json);

        var first = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        engine.Reload();
        var second = await engine.ResumeAsync(engine.Bookmark("wait"));

        Assert.Equal(WorkflowStatus.Finished, second.Status);
        Assert.Equal(["before", "after"], engine.State.Lines);
    }

    [Fact]
    public async Task Complete_FinishesTheWorkflowWithItsOutcomes()
    {
        var json = Document([Activity("start", "Elsa.Start"), Activity("done", "Elsa.Complete", ("outcomes", "Literal", "[\"Approved\"]")), Line("never", "x")],
            [Connect("start", "Done", "done")]);

        var engine = InMemoryEngine.FromJson(json);
        var step = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal("[\"Approved\"]", engine.State.Output?["outcomes"]?.ToJsonString());
    }

    [Fact]
    public async Task SetName_NamesTheInstance_AndTheNameSurvivesTheState()
    {
        var json = WithRoot(Sequence("Sequence1", Activity("name", "Elsa.SetName", ("value", "JavaScript", "'Case ' + (1 + 1)")), Activity("wait", "Elsa.Event", ("eventName", "Literal", "go"))));
        var engine = InMemoryEngine.FromJson(json);

        await engine.StartAsync();
        engine.Reload();

        Assert.Equal("Case 2", engine.State.Name);
    }

    [Fact]
    public void AnUnknownTypeInsideASequence_IsReportedByItsId()
    {
        var json = WithRoot(Sequence("Sequence1", Line("a", "x"), Activity("odd", "Elsa.Nope")));

        Assert.Contains(Errors(json), i => i.ActivityId == "odd");
    }

    private static JsonObject If(string id, string condition, JsonObject? then, JsonObject? @else)
    {
        var activity = Activity(id, "Elsa.If", ("condition", "JavaScript", condition));
        if (then is not null) activity["then"] = then;
        if (@else is not null) activity["else"] = @else;
        return activity;
    }

    [Theory]
    [InlineData("true", "yes")]
    [InlineData("false", "no")]
    public async Task If_RunsThenOrElse_ThenTheActivityAfterIt(string condition, string expected)
    {
        var json = Document([Activity("start", "Elsa.Start"), If("if", condition, Line("t", "yes"), Line("e", "no")), Line("after", "after")],
            [Connect("start", "Done", "if"), Connect("if", "Done", "after")]);

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        var step = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal([expected, "after"], engine.State.Lines);
    }

    [Fact]
    public async Task If_WithoutElse_ContinuesWhenTheConditionIsFalse()
    {
        var json = WithRoot(Sequence("Sequence1", If("if", "false", Line("t", "yes"), null), Line("after", "after")));

        var engine = InMemoryEngine.FromJson(json);
        await engine.StartAsync();
        Assert.Equal(["after"], engine.State.Lines);
    }

    [Fact]
    public async Task While_RunsItsBodyWhileTheConditionHolds_AndABlockingBodyResumesAfterTheStateIsReloaded()
    {
        var body = Sequence("body",
            Activity("inc", "Elsa.SetVariable", ("value", "JavaScript", "getCounter() + 1")),
            Activity("wait", "Elsa.Event", ("eventName", "Literal", "tick")));
        body["activities"]![0]!["variable"] = new JsonObject { ["id"] = "v1", ["name"] = "Counter", ["typeName"] = "Int32" };
        var loop = Activity("loop", "Elsa.While", ("condition", "JavaScript", "getCounter() < 2"));
        loop["body"] = body;
        var json = Document([Activity("start", "Elsa.Start"), loop, Line("after", "done")],
            [Connect("start", "Done", "loop"), Connect("loop", "Done", "after")], ("Counter", "Int32", "0"));

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        Assert.Equal(WorkflowStatus.Suspended, (await engine.StartAsync()).Status);
        engine.Reload();
        Assert.Equal(WorkflowStatus.Suspended, (await engine.ResumeAsync(engine.Bookmark("wait"))).Status);
        engine.Reload();
        var last = await engine.ResumeAsync(engine.Bookmark("wait"));

        Assert.Equal(WorkflowStatus.Finished, last.Status);
        Assert.Equal(2.0, engine.State.Variables["Counter"]!.GetValue<double>());
        Assert.Equal(["done"], engine.State.Lines);
    }
}
