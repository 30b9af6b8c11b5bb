using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary><c>Elsa.ForEach</c> over a list, and <c>Elsa.Break</c> leaving the nearest ForEach or While, in Studio-shaped JSON.</summary>
public sealed class LoopFacts
{
    private static JsonObject Line(string id, string syntax, string text) => Activity(id, "Elsa.WriteLine", ("text", syntax, text));

    private static JsonObject Sequence(string id, params JsonObject[] children)
    {
        var sequence = Activity(id, "Elsa.Sequence");
        sequence["activities"] = new JsonArray([.. children]);
        return sequence;
    }

    // Studio binds the current item to a variable through its id.
    private static JsonObject ForEach(string id, string items, JsonObject? body, string? variableId = "var-item")
    {
        var loop = Activity(id, "Elsa.ForEach", ("items", "JavaScript", items));
        if (variableId is not null)
            loop["currentValue"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variableId } };
        if (body is not null) loop["body"] = body;
        return loop;
    }

    private static string WithItemVariable(string json)
    {
        var doc = JsonNode.Parse(json)!.AsObject();
        doc["variables"]!.AsArray().Add(new JsonObject { ["id"] = "var-item", ["name"] = "Item", ["typeName"] = "Object", ["value"] = null });
        return doc.ToJsonString();
    }

    private static IReadOnlyList<ValidationIssue> Errors(string json) =>
        [.. new WorkflowValidator(InMemoryEngine.Registry, ExpressionEngine.CreateDefault()).Validate(WorkflowJson.Parse(json)).Where(i => i.Severity == IssueSeverity.Error)];

    [Fact]
    public async Task ForEach_RunsItsBodyOncePerItem_WithTheItemInTheVariable_ThenContinues()
    {
        var json = WithItemVariable(Document(
            [Activity("start", "Elsa.Start"), ForEach("each", "['red', 'green', 'blue']", Line("say", "JavaScript", "'colour ' + getItem()")), Line("after", "Literal", "end")],
            [Connect("start", "Done", "each"), Connect("each", "Done", "after")]));

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        Assert.Equal(WorkflowStatus.Finished, (await engine.StartAsync()).Status);
        Assert.Equal(["colour red", "colour green", "colour blue", "end"], engine.State.Lines);
        Assert.Empty(engine.State.Loops);
    }

    [Fact]
    public async Task ForEach_OverAnEmptyList_GoesStraightOn()
    {
        var json = WithItemVariable(Document([ForEach("each", "[]", Line("say", "Literal", "never")), Line("after", "Literal", "end")], [Connect("each", "Done", "after")]));

        var engine = InMemoryEngine.FromJson(json);
        await engine.StartAsync();
        Assert.Equal(["end"], engine.State.Lines);
    }

    [Fact]
    public async Task ForEach_WhoseBodyBlocks_KeepsItsListAndPositionAcrossReloads()
    {
        // The list is computed once: changing what it was computed from mid-loop does not change the rounds left.
        var body = Sequence("body", Line("say", "JavaScript", "'item ' + getItem()"), Activity("wait", "Elsa.Event", ("eventName", "Literal", "next")));
        var json = WithItemVariable(Document([Activity("start", "Elsa.Start"), ForEach("each", "getSource()", body), Line("after", "Literal", "end")],
            [Connect("start", "Done", "each"), Connect("each", "Done", "after")], ("Source", "Object", "[1, 2, 3]")));

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        Assert.Equal(WorkflowStatus.Suspended, (await engine.StartAsync()).Status);
        engine.State.Variables["Source"] = new JsonArray();
        for (var i = 0; i < 2; i++)
        {
            engine.Reload();
            Assert.Equal(WorkflowStatus.Suspended, (await engine.ResumeAsync(engine.Bookmark("wait"))).Status);
        }
        engine.Reload();
        Assert.Equal(WorkflowStatus.Finished, (await engine.ResumeAsync(engine.Bookmark("wait"))).Status);

        Assert.Equal(["item 1", "item 2", "item 3", "end"], engine.State.Lines);
        Assert.Equal(3.0, engine.State.Variables["Item"]!.GetValue<double>());
    }

    [Fact]
    public async Task Break_InsideAnIfInTheBody_EndsTheForEach_AndTheWorkflowGoesOnAfterIt()
    {
        var check = Activity("check", "Elsa.If", ("condition", "JavaScript", "getItem() === 'stop'"));
        check["then"] = Activity("leave", "Elsa.Break");
        var json = WithItemVariable(Document(
            [Activity("start", "Elsa.Start"), ForEach("each", "['a', 'stop', 'c']", Sequence("body", check, Line("say", "JavaScript", "getItem()"))),
             Line("after", "Literal", "end")],
            [Connect("start", "Done", "each"), Connect("each", "Done", "after")]));

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        Assert.Equal(WorkflowStatus.Finished, (await engine.StartAsync()).Status);
        Assert.Equal(["a", "end"], engine.State.Lines);
        Assert.Empty(engine.State.Loops);
    }

    [Fact]
    public async Task Break_EndsTheNearestLoop_AWhileInsideAForEach_AfterABlockingStepAndReload()
    {
        // Each outer round: the inner While would run forever, but waits once and then breaks; the outer loop carries on.
        var inner = Activity("spin", "Elsa.While", ("condition", "Literal", "true"));
        inner["body"] = Sequence("innerBody", Activity("wait", "Elsa.Event", ("eventName", "Literal", "tick")), Activity("leave", "Elsa.Break"));
        var json = WithItemVariable(Document(
            [ForEach("each", "['x', 'y']", Sequence("outerBody", inner, Line("say", "JavaScript", "'done ' + getItem()"))), Line("after", "Literal", "end")],
            [Connect("each", "Done", "after")]));

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        Assert.Equal(WorkflowStatus.Suspended, (await engine.StartAsync()).Status);
        engine.Reload();
        Assert.Equal(WorkflowStatus.Suspended, (await engine.ResumeAsync(engine.Bookmark("wait"))).Status);
        engine.Reload();
        Assert.Equal(WorkflowStatus.Finished, (await engine.ResumeAsync(engine.Bookmark("wait"))).Status);
        Assert.Equal(["done x", "done y", "end"], engine.State.Lines);
    }

    [Fact]
    public async Task Break_EndsAWhileLoop()
    {
        var loop = Activity("loop", "Elsa.While", ("condition", "Literal", "true"));
        loop["body"] = Sequence("body",
            Activity("inc", "Elsa.SetVariable", ("value", "JavaScript", "getCounter() + 1")),
            WithThen(Activity("enough", "Elsa.If", ("condition", "JavaScript", "getCounter() >= 3")), Activity("leave", "Elsa.Break")));
        loop["body"]!["activities"]![0]!["variable"] = new JsonObject { ["id"] = "v1", ["name"] = "Counter", ["typeName"] = "Int32" };
        var json = Document([loop, Line("after", "JavaScript", "'counted ' + getCounter()")], [Connect("loop", "Done", "after")], ("Counter", "Int32", "0"));

        Assert.Empty(Errors(json));
        var engine = InMemoryEngine.FromJson(json);
        Assert.Equal(WorkflowStatus.Finished, (await engine.StartAsync()).Status);
        Assert.Equal(["counted 3"], engine.State.Lines);
    }

    private static JsonObject WithThen(JsonObject @if, JsonObject then)
    {
        @if["then"] = then;
        return @if;
    }

    [Fact]
    public void ForEachAndBreak_AreRegisteredWithChineseDisplayNames()
    {
        Assert.Equal("循环（遍历）", InMemoryEngine.Registry.Find("Elsa.ForEach")!.DisplayName);
        Assert.Equal("跳出循环", InMemoryEngine.Registry.Find("Elsa.Break")!.DisplayName);
    }
}
