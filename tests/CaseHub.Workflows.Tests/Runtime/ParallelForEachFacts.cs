using System.Text.Json.Nodes;
using CaseHub.Workflows.Runtime;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>
/// Elsa.ParallelForEach: every item's body runs, each with its own current value, and the loop continues once all have ended; as
/// elsa-core's test/integration/Elsa.Workflows.IntegrationTests/Scenarios/JoinBehaviors/ParallelJoinCompletesTests.cs
/// (parallel-join.json: the workflow after a ParallelForEach of [1,2,3] completes) and FlowchartCompletion/workflow6.json. Items
/// that wait, each on its own, and a resume after a reload are CaseHub's own cases of the same behaviour.
/// </summary>
public sealed class ParallelForEachFacts
{
    private static JsonObject Loop(string items, JsonObject body)
    {
        var loop = Activity("each", "Elsa.ParallelForEach", ("items", "JavaScript", items));
        loop["currentValue"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "item-var" } };
        loop["body"] = body;
        return loop;
    }

    private static string WithItemVariable(string document)
    {
        var json = JsonNode.Parse(document)!.AsObject();
        json["variables"]!.AsArray().Add(new JsonObject { ["id"] = "item-var", ["name"] = "Item", ["typeName"] = "Object", ["value"] = "" });
        return json.ToJsonString();
    }

    [Fact]
    public async Task EveryItemsBodyRuns_WithItsOwnCurrentValue_ThenTheFlowContinuesOnce()
    {
        var engine = InMemoryEngine.FromJson(WithItemVariable(Document(
            [Loop("[1, 2, 3]", Activity("w", "Elsa.WriteLine", ("text", "JavaScript", "`item ${getItem()}`"))), Activity("after", "Elsa.WriteLine", ("text", "Literal", "all done"))],
            [Connect("each", "Done", "after")], ("Total", "Int32", "0"))));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["item 1", "item 2", "item 3", "all done"], engine.State.Lines);
        Assert.Contains("each#1/w", engine.Executed(step));
    }

    [Fact]
    public async Task WhatABodySetsInTheWorkflowsVariables_IsSeenAfterTheLoop()
    {
        var engine = InMemoryEngine.FromJson(WithItemVariable(Document(
            [Loop("[1, 2, 3]", Activity("add", "Elsa.RunJavaScript", ("script", "Literal", "setTotal(getTotal() + getItem())"))),
             Activity("after", "Elsa.WriteLine", ("text", "JavaScript", "`total ${getTotal()}`"))],
            [Connect("each", "Done", "after")], ("Total", "Int32", "0"))));

        await engine.StartAsync();

        Assert.Equal(["total 6"], engine.State.Lines);
    }

    [Fact]
    public async Task ItemsThatWait_WaitEachOnTheirOwn_AndTheLoopEndsAfterTheLastIsResumed_AcrossAReload()
    {
        var body = new JsonObject
        {
            ["type"] = "Elsa.Flowchart", ["id"] = "body",
            ["activities"] = new JsonArray(Activity("wait", "Elsa.Event", ("eventName", "JavaScript", "'visit-' + getItem()")), Activity("done", "Elsa.WriteLine", ("text", "JavaScript", "`visited ${getItem()}`"))),
            ["connections"] = new JsonArray(Connect("wait", "Done", "done")),
        };
        var engine = InMemoryEngine.FromJson(WithItemVariable(Document(
            [Loop("['a', 'b', 'c']", body), Activity("after", "Elsa.WriteLine", ("text", "Literal", "all visited"))], [Connect("each", "Done", "after")])));

        var first = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        Assert.Equal(["visit-a", "visit-b", "visit-c"], engine.State.Bookmarks.Select(b => b.Name));
        Assert.All(engine.State.Bookmarks, b => Assert.Equal("each", b.ActivityId));

        engine.Reload();
        var afterB = await engine.ResumeAsync(engine.State.Bookmarks.Single(b => b.Name == "visit-b"));
        Assert.Equal(WorkflowStatus.Suspended, afterB.Status);
        Assert.Equal(["visited b"], engine.State.Lines);

        engine.Reload();
        await engine.ResumeAsync(engine.State.Bookmarks.Single(b => b.Name == "visit-c"));
        var last = await engine.ResumeAsync(engine.State.Bookmarks.Single(b => b.Name == "visit-a"));

        Assert.Equal(WorkflowStatus.Finished, last.Status);
        Assert.Equal(["visited b", "visited c", "visited a", "all visited"], engine.State.Lines);
        Assert.Empty(engine.State.Children);
    }

    [Fact]
    public async Task EachItemsBody_ReadsCurrentValueAndCurrentIndex_AsElsaDeclaresThemPerIteration()
    {
        // FlowchartCompletion/workflow6.json writes `Current fruit: ${getCurrentValue()}`.
        var engine = InMemoryEngine.FromJson(Document(
            [Loop("['Apple', 'Banana']", Activity("w", "Elsa.WriteLine", ("text", "JavaScript", "`${getCurrentIndex()}: ${getCurrentValue()}`")))], []));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["0: Apple", "1: Banana"], engine.State.Lines);
        Assert.False(engine.State.Variables.ContainsKey("CurrentValue"));
    }

    [Fact]
    public async Task AnEmptyList_ContinuesAtOnce()
    {
        var engine = InMemoryEngine.FromJson(WithItemVariable(Document(
            [Loop("[]", Activity("w", "Elsa.WriteLine", ("text", "Literal", "never"))), Activity("after", "Elsa.WriteLine", ("text", "Literal", "after"))],
            [Connect("each", "Done", "after")])));

        await engine.StartAsync();

        Assert.Equal(["after"], engine.State.Lines);
    }
}
