using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>
/// A published workflow used as an activity of another (Elsa's WorkflowDefinitionActivity), and Elsa.ExecuteWorkflow. Written from
/// elsa-core's test/integration/Elsa.Workflows.IntegrationTests/Scenarios/WorkflowDefinitionActivities/Tests.cs (input, output,
/// outcomes) and test/integration/Elsa.Workflows.IntegrationTests/Activities/ExecuteWorkflow/ExecuteWorkflowTests.cs (wait or not,
/// input, captured output); the waiting, persisted and faulting children are CaseHub's own cases of the same behaviour.
/// </summary>
public sealed class ChildWorkflowFacts
{
    private static JsonObject Definition(string id, string name, JsonObject[] activities, JsonObject[] connections, bool usableAsActivity = true,
        string[]? inputs = null, string[]? outputs = null, string[]? outcomes = null) => new()
    {
        ["definitionId"] = id, ["name"] = name, ["version"] = 1, ["toolVersion"] = "3.6.0.0",
        ["inputs"] = new JsonArray([.. (inputs ?? []).Select(i => (JsonNode)new JsonObject { ["name"] = i, ["type"] = "String", ["uiHint"] = "singleline", ["displayName"] = i })]),
        ["outputs"] = new JsonArray([.. (outputs ?? []).Select(o => (JsonNode)new JsonObject { ["name"] = o, ["type"] = "Object", ["displayName"] = o })]),
        ["outcomes"] = new JsonArray([.. (outcomes ?? []).Select(o => (JsonNode)JsonValue.Create(o)!)]),
        ["options"] = new JsonObject { ["usableAsActivity"] = usableAsActivity, ["autoUpdateConsumingWorkflows"] = true },
        ["variables"] = new JsonArray(),
        ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "Flowchart1", ["activities"] = new JsonArray(activities), ["connections"] = new JsonArray(connections) },
    };

    // What Studio writes for a workflow activity: its type, and the definition it was picked from.
    private static JsonObject Uses(string id, string type, string definitionId, params (string Name, string Syntax, string Value)[] inputs)
    {
        var node = Flow.Activity(id, type, inputs);
        node["workflowDefinitionId"] = definitionId;
        node["workflowDefinitionVersionId"] = "a-version-id-from-another-server";
        node["name"] = id;
        return node;
    }

    private static CaseHub.Workflows.Definitions.WorkflowDocument Parse(JsonObject json) => CaseHub.Workflows.Definitions.WorkflowJson.Parse(json.ToJsonString());

    private static JsonObject Line(string id, string text, string syntax = "Literal") => Flow.Activity(id, "Elsa.WriteLine", ("text", syntax, text));

    [Fact]
    public void APublishedDefinitionUsableAsActivity_IsDescribedUnderItsNameWithItsInputsOutputsAndOutcomes()
    {
        var document = Parse(Definition("d0ae88", "Child With Input", [Line("w", "getMessage()", "JavaScript")], [],
            inputs: ["Message"], outputs: ["Output"], outcomes: ["Success", "Failed"]));

        var descriptor = WorkflowActivities.Describe(document, "d0ae88");

        Assert.Equal("ChildWithInput", descriptor.Type);
        Assert.Equal("message", Assert.Single(descriptor.Inputs).Name);
        Assert.Equal(["Output"], descriptor.Outputs);
        Assert.Equal(["Done", "Success", "Failed"], descriptor.Outcomes);
        Assert.True(WorkflowActivities.IsUsableAsActivity(document));
        Assert.False(WorkflowActivities.IsUsableAsActivity(Parse(Definition("other", "Other", [], [], usableAsActivity: false))));
    }

    [Fact]
    public async Task TheParentsInputValue_ReachesTheChildAsItsWorkflowInput()
    {
        // parent-with-input: the child writes getMessage(), the parent sets message to "Hello from parent!".
        var children = new InMemoryDefinitions().Publish(Definition("child-in", "ChildWithInput", [Line("w", "getMessage()", "JavaScript")], [], inputs: ["Message"]).ToJsonString());
        var parent = InMemoryEngine.FromJson(Flow.Document([Uses("ChildActivity1", "ChildWithInput", "child-in", ("message", "Literal", "Hello from parent!"))], []), children);

        var step = await parent.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["Hello from parent!"], parent.State.Lines);
        Assert.Contains("ChildActivity1/w", parent.Executed(step));
    }

    [Fact]
    public async Task TheChildsOutput_IsReadByTheParentAsTheActivitysOutput()
    {
        // parent-with-output: `Received from child: ${getOutputFromChildWithOutput1()}`.
        var setOutput = Flow.Activity("set", "Elsa.SetOutput", ("outputName", "Literal", "Output"), ("outputValue", "Literal", "Child output value"));
        var children = new InMemoryDefinitions().Publish(Definition("child-out", "ChildWithOutput", [setOutput], [], outputs: ["Output"]).ToJsonString());
        var parent = InMemoryEngine.FromJson(Flow.Document(
            [Uses("ChildWithOutput1", "ChildWithOutput", "child-out"), Line("w", "`Received from child: ${getOutputFromChildWithOutput1()}`", "JavaScript")],
            [Flow.Connect("ChildWithOutput1", "Done", "w")]), children);

        await parent.StartAsync();

        Assert.Equal(["Received from child: Child output value"], parent.State.Lines);
    }

    [Fact]
    public async Task TheChildsCompleteOutcome_IsThePortTheParentContinuesThrough()
    {
        // parent-with-outcomes: the child completes with "Success"; only the Success path runs.
        var complete = Flow.Activity("complete", "Elsa.Complete", ("outcomes", "Literal", "Success"));
        var children = new InMemoryDefinitions().Publish(Definition("child-outcomes", "ChildWithOutcomes", [complete], [], outcomes: ["Success", "Failed"]).ToJsonString());
        var parent = InMemoryEngine.FromJson(Flow.Document(
            [Uses("child", "ChildWithOutcomes", "child-outcomes"), Line("ok", "Success path taken"), Line("failed", "Failed path taken")],
            [Flow.Connect("child", "Success", "ok"), Flow.Connect("child", "Failed", "failed")]), children);

        var step = await parent.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["Success path taken"], parent.State.Lines);
    }

    [Fact]
    public async Task AChildThatWaits_SuspendsTheParent_AndResumingItsBookmarkAfterAReloadFinishesBoth()
    {
        var children = new InMemoryDefinitions().Publish(Definition("approval", "Approval Piece",
            [Line("before", "child waits"), Flow.Activity("wait", "Elsa.Event", ("eventName", "Literal", "approved")), Line("after", "child resumed"),
             Flow.Activity("set", "Elsa.SetOutput", ("outputName", "Literal", "Decision"), ("outputValue", "JavaScript", "'yes'"))],
            [Flow.Connect("before", "Done", "wait"), Flow.Connect("wait", "Done", "after"), Flow.Connect("after", "Done", "set")], outputs: ["Decision"]).ToJsonString());
        var parent = InMemoryEngine.FromJson(Flow.Document(
            [Flow.Activity("start", "Elsa.Start"), Uses("piece", "ApprovalPiece", "approval"), Line("done", "`parent got ${getDecisionFromPiece()}`", "JavaScript")],
            [Flow.Connect("start", "Done", "piece"), Flow.Connect("piece", "Done", "done")]), children);

        var first = await parent.StartAsync();

        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        var bookmark = Assert.Single(first.AddedBookmarks);
        Assert.Equal(("piece", BookmarkKinds.Event, "approved"), (bookmark.ActivityId, bookmark.Kind, bookmark.Name));
        Assert.Equal("wait", Assert.Single(parent.State.Children["piece"].State.Bookmarks).ActivityId);

        parent.Reload();
        var second = await parent.ResumeAsync(parent.Bookmark("piece"));

        Assert.Equal(WorkflowStatus.Finished, second.Status);
        Assert.Equal(["child waits", "child resumed", "parent got yes"], parent.State.Lines);
        Assert.Empty(parent.State.Bookmarks);
        Assert.Empty(parent.State.Children);
        Assert.Equal(["piece/wait", "piece/after", "piece/set", "piece", "done"], parent.Executed(second));
    }

    [Fact]
    public async Task AChildWaitingOnTwoPaths_KeepsTheParentWaitingUntilBothResumed()
    {
        var children = new InMemoryDefinitions().Publish(Definition("two", "Two Waits",
            [Flow.Activity("fork", "Elsa.FlowFork", ("branches", "Literal", "[\"a\",\"b\"]")),
             Flow.Activity("a", "Elsa.Event", ("eventName", "Literal", "a")), Flow.Activity("b", "Elsa.Event", ("eventName", "Literal", "b")), Line("joined", "both")],
            [Flow.Connect("fork", "a", "a"), Flow.Connect("fork", "b", "b"), Flow.Connect("a", "Done", "joined"), Flow.Connect("b", "Done", "joined")]).ToJsonString());
        var parent = InMemoryEngine.FromJson(Flow.Document([Uses("two", "TwoWaits", "two"), Line("after", "parent")], [Flow.Connect("two", "Done", "after")]), children);

        await parent.StartAsync();
        Assert.Equal(2, parent.State.Bookmarks.Count);
        var a = parent.State.Bookmarks.Single(b => b.Name == "a");
        var b = parent.State.Bookmarks.Single(b => b.Name == "b");

        var afterA = await parent.ResumeAsync(a);
        Assert.Equal(WorkflowStatus.Suspended, afterA.Status);
        Assert.Equal([b.Id], parent.State.Bookmarks.Select(x => x.Id));

        var afterB = await parent.ResumeAsync(b);
        Assert.Equal(WorkflowStatus.Finished, afterB.Status);
        Assert.Equal(["both", "parent"], parent.State.Lines);
    }

    [Fact]
    public async Task AChildThatFaults_FaultsTheParentWithTheChildsActivityAndCauseKept()
    {
        var children = new InMemoryDefinitions().Publish(Definition("broken", "Broken",
            [Flow.Activity("boom", "Elsa.RunJavaScript", ("script", "Literal", "throw new Error('no provider left')"))], []).ToJsonString());
        var parent = InMemoryEngine.FromJson(Flow.Document([Uses("piece", "Broken", "broken"), Line("after", "never")], [Flow.Connect("piece", "Done", "after")]), children);

        var step = await parent.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, step.Status);
        Assert.Equal("piece", step.Incident!.ActivityId);
        Assert.Contains("'boom'", step.Incident.Message);
        Assert.Contains("no provider left", step.Incident.Message);
        Assert.Equal(typeof(ChildWorkflowFaultedException).FullName, step.Incident.ExceptionType);
        Assert.Contains("no provider left", step.Incident.Stack); // the child's own exception, inside
        Assert.Contains("piece/boom", parent.Executed(step));
        Assert.Empty(parent.State.Lines);
    }

    [Fact]
    public async Task ExecuteWorkflowWaitingForCompletion_RunsTheChildBetweenTheParentsLines_AndCapturesItsOutput()
    {
        // parent-with-wait and parent-capture-output: Before, the child's line, After; the result bound to the variable ChildResult.
        var children = new InMemoryDefinitions().Publish(Definition("child-with-output", "Child With Output",
            [Line("w", "Child output: 42"), Flow.Activity("set", "Elsa.SetOutput", ("outputName", "Literal", "Result"), ("outputValue", "JavaScript", "42"))],
            [Flow.Connect("w", "Done", "set")], usableAsActivity: false, outputs: ["Result"]).ToJsonString());
        var execute = Flow.Activity("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", "child-with-output"), ("waitForCompletion", "Literal", "true"));
        execute["result"] = new JsonObject { ["typeName"] = "ExecuteWorkflowResult", ["memoryReference"] = new JsonObject { ["id"] = "ChildResult" } };
        var parent = InMemoryEngine.FromJson(Flow.Document(
            [Line("before", "Parent: Before child"), execute, Line("after", "`Parent received: ${getChildResult().output.Result}`", "JavaScript")],
            [Flow.Connect("before", "Done", "run"), Flow.Connect("run", "Done", "after")], ("ChildResult", "Object", "")), children);

        var step = await parent.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["Parent: Before child", "Child output: 42", "Parent received: 42"], parent.State.Lines);
        Assert.Equal("Finished", parent.State.Variables["ChildResult"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteWorkflowWithoutWaiting_CompletesAtOnce_AndAsksForTheChildInstanceThroughTheOutbox()
    {
        // parent-no-wait: the parent finishes; the child is an instance of its own (started once this step commits).
        var children = new InMemoryDefinitions().Publish(Definition("child-workflow", "Child Workflow", [Line("w", "Child: Executing")], [], usableAsActivity: false).ToJsonString());
        var execute = Flow.Activity("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", "child-workflow"), ("waitForCompletion", "Literal", "false"),
            ("input", "JavaScript", "({ ticket: 'ZS-1' })"), ("correlationId", "Literal", "corr-9"));
        var parent = InMemoryEngine.FromJson(Flow.Document([Line("before", "Parent: Before child"), execute, Line("after", "Parent: After child")],
            [Flow.Connect("before", "Done", "run"), Flow.Connect("run", "Done", "after")]), children);

        var step = await parent.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["Parent: Before child", "Parent: After child"], parent.State.Lines);
        var message = Assert.Single(step.Messages);
        Assert.Equal(OutboxTopics.StartWorkflow, message.Topic);
        Assert.Equal(("child-workflow", "corr-9", "ZS-1"), (message.Payload!["definitionId"]!.GetValue<string>(), message.Payload["correlationId"]!.GetValue<string>(),
            message.Payload["input"]!["ticket"]!.GetValue<string>()));
        Assert.Equal(message.Payload["instanceId"]!.GetValue<string>(), parent.State.Outputs["run"]["Result"]!["workflowInstanceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteWorkflowOfADefinitionWithNoPublishedVersion_FaultsNamingIt()
    {
        var parent = InMemoryEngine.FromJson(Flow.Document(
            [Flow.Activity("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", "nowhere"), ("waitForCompletion", "Literal", "true"))], []), new InMemoryDefinitions());

        var step = await parent.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, step.Status);
        Assert.Contains("'nowhere'", step.Incident!.Message);
    }

    [Fact]
    public async Task AWorkflowThatRunsItself_FaultsAtTheNestingLimitInsteadOfOverflowing()
    {
        var loop = Definition("self", "Self", [Flow.Activity("again", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", "self"), ("waitForCompletion", "Literal", "true"))], []);
        var children = new InMemoryDefinitions().Publish(loop.ToJsonString());
        var parent = InMemoryEngine.FromJson(loop.ToJsonString(), children);

        var step = await parent.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, step.Status);
        Assert.Contains("nest deeper", step.Incident!.Message);
    }
}
