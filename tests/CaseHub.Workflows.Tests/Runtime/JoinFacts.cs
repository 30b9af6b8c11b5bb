using System.Text.Json.Nodes;
using CaseHub.Workflows.Runtime;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>
/// How branches meet, as Elsa 3's flowchart does it (counter-based flow, the default, with 3.5.2 semantics; <c>mergeMode</c> from its
/// token-based flow): an activity with several inbound connections is an implicit join, a FlowJoin waits by its mode.
/// </summary>
public sealed class JoinFacts
{
    private static JsonObject Line(string id, string text) => Activity(id, "Elsa.WriteLine", ("text", "Literal", text));

    private static JsonObject Join(string id, string? mode) =>
        mode is null ? Activity(id, "Elsa.FlowJoin") : Activity(id, "Elsa.FlowJoin", ("mode", "Literal", mode));

    private static JsonObject Merging(JsonObject activity, string mergeMode)
    {
        activity["customProperties"]!["mergeMode"] = mergeMode;
        return activity;
    }

    private static JsonObject Decision(string id, bool value) => Activity(id, "Elsa.FlowDecision", ("condition", "Literal", value ? "true" : "false"));

    [Fact]
    public async Task AnActivityWithTwoInboundPaths_RunsOnceAfterBoth()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Line("a", "A"), Line("b", "B"), Line("c", "C")],
            [Connect("start", "Done", "a"), Connect("start", "Done", "b"), Connect("a", "Done", "c"), Connect("b", "Done", "c")]));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["A", "B", "C"], engine.State.Lines);
    }

    [Fact]
    public async Task AnImplicitJoin_WaitsForABranchThatIsBlocked()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Line("a", "A"), Activity("wait", "Elsa.Event", ("eventName", "Literal", "go")), Line("c", "C")],
            [Connect("start", "Done", "a"), Connect("start", "Done", "wait"), Connect("a", "Done", "c"), Connect("wait", "Done", "c")]));

        var first = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        Assert.Equal(["A"], engine.State.Lines);

        var second = await engine.ResumeAsync(engine.Bookmark("wait"));
        Assert.Equal(WorkflowStatus.Finished, second.Status);
        Assert.Equal(["A", "C"], engine.State.Lines);
    }

    [Fact]
    public async Task AnImplicitJoin_RunsAfterTheOnlyBranchADecisionTook()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Decision("d", true), Line("a", "A"), Line("b", "B"), Line("c", "C")],
            [Connect("start", "Done", "d"), Connect("d", "True", "a"), Connect("d", "False", "b"), Connect("a", "Done", "c"), Connect("b", "Done", "c")]));

        await engine.StartAsync();

        Assert.Equal(["A", "C"], engine.State.Lines);
    }

    [Fact]
    public async Task ABraidedFlowchart_RunsEveryActivityOnceInOrder()
    {
        var lines = Enumerable.Range(1, 7).Select(i => Line($"w{i}", $"WriteLine{i}")).ToArray();
        var engine = InMemoryEngine.FromJson(Document(lines,
            [Connect("w1", "Done", "w2"), Connect("w1", "Done", "w3"), Connect("w2", "Done", "w4"), Connect("w2", "Done", "w5"),
             Connect("w3", "Done", "w5"), Connect("w3", "Done", "w6"), Connect("w4", "Done", "w7"), Connect("w5", "Done", "w7"), Connect("w6", "Done", "w7")]));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"WriteLine{i}"), engine.State.Lines);
    }

    [Fact]
    public async Task ALoopBackIntoAnActivity_DoesNotMakeItWaitForItself()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Line("a", "A"), Line("b", "B"),
             Activity("set", "Elsa.SetVariable", ("variable", "Literal", "N"), ("value", "JavaScript", "getN() + 1")),
             Activity("again", "Elsa.FlowDecision", ("condition", "JavaScript", "getN() < 3"))],
            [Connect("start", "Done", "a"), Connect("start", "Done", "b"), Connect("a", "Done", "set"), Connect("b", "Done", "set"),
             Connect("set", "Done", "again"), Connect("again", "True", "set")],
            ("N", "Int32", "0")));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(3, engine.State.Variables["N"]!.GetValue<double>());
    }

    [Fact]
    public async Task AWaitAllJoin_WhoseBranchesArriveInOneBurst_ContinuesOnce()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Line("start", "Start"), Line("l1", "Line 1"), Line("l2", "Line 2"), Join("join", "WaitAll"), Line("end", "End")],
            [Connect("start", "Done", "l1"), Connect("start", "Done", "l2"), Connect("l2", "Done", "join"), Connect("l1", "Done", "join"),
             Connect("join", "Done", "end")]));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["Start", "Line 1", "Line 2", "End"], engine.State.Lines);
    }

    [Fact]
    public async Task AWaitAllJoin_WithABranchADecisionDidNotTake_IsSkipped()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Decision("d", false), Line("a", "A"), Line("b", "B"), Join("join", "WaitAll"), Line("after", "After")],
            [Connect("start", "Done", "d"), Connect("start", "Done", "b"), Connect("d", "True", "a"), Connect("a", "Done", "join"),
             Connect("b", "Done", "join"), Connect("join", "Done", "after")]));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["B"], engine.State.Lines);
        Assert.DoesNotContain("join", engine.Executed(step));
    }

    [Fact]
    public async Task ASkippedWaitAllJoin_LetsAnImplicitJoinAfterItRunOnItsOtherBranch()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Decision("d", false), Line("a", "A"), Line("b", "B"), Join("join", "WaitAll"),
             Line("other", "Other"), Line("last", "Last")],
            [Connect("start", "Done", "d"), Connect("start", "Done", "b"), Connect("start", "Done", "other"), Connect("d", "True", "a"),
             Connect("a", "Done", "join"), Connect("b", "Done", "join"), Connect("join", "Done", "last"), Connect("other", "Done", "last")]));

        await engine.StartAsync();

        Assert.Equal(["B", "Other", "Last"], engine.State.Lines);
    }

    [Fact]
    public async Task AWaitAllActiveJoin_ContinuesWithTheOneBranchADecisionTook()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Decision("d", false), Line("a", "A"), Line("b", "B"), Join("join", "WaitAllActive"), Line("after", "After")],
            [Connect("start", "Done", "d"), Connect("start", "Done", "b"), Connect("d", "True", "a"), Connect("a", "Done", "join"),
             Connect("b", "Done", "join"), Connect("join", "Done", "after")]));

        await engine.StartAsync();

        Assert.Equal(["B", "After"], engine.State.Lines);
    }

    [Fact]
    public async Task WaitAnyJoinsReachedInOneBurst_ContinueOnce()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Line("start", "Start"), Join("j1", "WaitAny"), Join("j2", "WaitAny"), Join("j3", "WaitAny"), Line("end", "End")],
            [Connect("start", "Done", "j1"), Connect("start", "Done", "j2"), Connect("j1", "Done", "j3"), Connect("j2", "Done", "j3"),
             Connect("j3", "Done", "end")]));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["Start", "End"], engine.State.Lines);
    }

    [Fact]
    public async Task AFlowJoinWithoutAMode_IsWaitAny()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Line("a", "A"), Activity("wait", "Elsa.Event", ("eventName", "Literal", "go")), Join("join", null),
             Line("after", "After")],
            [Connect("start", "Done", "a"), Connect("start", "Done", "wait"), Connect("a", "Done", "join"), Connect("wait", "Done", "join"),
             Connect("join", "Done", "after")]));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["A", "After"], engine.State.Lines);
        Assert.Empty(engine.State.Bookmarks);
    }

    // Elsa's JoinBehaviors scenarios: Start → A → C and Start → decision (false) → True → B → C, C carrying a merge mode.
    private static InMemoryEngine DeadBranchInto(string mergeMode) => InMemoryEngine.FromJson(Document(
        [Activity("start", "Elsa.Start"), Decision("d", false), Line("a", "A"), Line("b", "B"), Merging(Line("c", "C"), mergeMode)],
        [Connect("a", "Done", "c"), Connect("b", "Done", "c"), Connect("start", "Done", "a"), Connect("start", "Done", "d"), Connect("d", "True", "b")]));

    [Fact]
    public async Task MergeModeStream_RunsAfterTheLiveBranchIgnoringTheDeadOne()
    {
        var engine = DeadBranchInto("Stream");
        await engine.StartAsync();
        Assert.Equal(["A", "C"], engine.State.Lines);
    }

    [Theory]
    [InlineData("Merge")]
    [InlineData("Converge")]
    public async Task MergeModesMergeAndConverge_NeverRunWhileABranchIsDead(string mergeMode)
    {
        var engine = DeadBranchInto(mergeMode);
        await engine.StartAsync();
        Assert.Equal(["A"], engine.State.Lines);
    }

    [Fact]
    public async Task MergeModeMerge_RunsOnceEveryBranchOfAForkArrived()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Line("a", "A"), Activity("wait", "Elsa.Event", ("eventName", "Literal", "go")), Merging(Line("c", "C"), "Merge")],
            [Connect("start", "Done", "a"), Connect("start", "Done", "wait"), Connect("a", "Done", "c"), Connect("wait", "Done", "c")]));

        await engine.StartAsync();
        Assert.Equal(["A"], engine.State.Lines);
        await engine.ResumeAsync(engine.Bookmark("wait"));
        Assert.Equal(["A", "C"], engine.State.Lines);
    }

    [Fact]
    public async Task MergeModeRace_RunsOnTheFirstArrivalAndCancelsTheOtherBranch()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Line("a", "A"), Activity("wait", "Elsa.Event", ("eventName", "Literal", "go")), Merging(Line("c", "C"), "Race")],
            [Connect("start", "Done", "a"), Connect("start", "Done", "wait"), Connect("a", "Done", "c"), Connect("wait", "Done", "c")]));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["A", "C"], engine.State.Lines);
        Assert.Empty(engine.State.Bookmarks);
    }

    [Fact]
    public async Task MergeModeCascade_RunsOncePerArrivingBranch()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("start", "Elsa.Start"), Line("a", "A"), Line("b", "B"), Merging(Line("c", "C"), "Cascade")],
            [Connect("start", "Done", "a"), Connect("start", "Done", "b"), Connect("a", "Done", "c"), Connect("b", "Done", "c")]));

        await engine.StartAsync();

        Assert.Equal(["A", "B", "C", "C"], engine.State.Lines);
    }
}
