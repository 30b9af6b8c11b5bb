using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary><c>Elsa.SetOutput</c>: a workflow assigns the outputs its document declares, and the finished instance carries them.</summary>
public sealed class SetOutputFacts
{
    private static JsonObject SetOutput(string id, string name, string syntax, string value) =>
        Activity(id, "Elsa.SetOutput", ("outputName", "Literal", name), ("outputValue", syntax, value));

    private static string WithOutputs(string json, params string[] names)
    {
        var doc = JsonNode.Parse(json)!.AsObject();
        doc["outputs"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["type"] = "Object", ["displayName"] = n })]);
        return doc.ToJsonString();
    }

    private static IReadOnlyList<ValidationIssue> Issues(string json) =>
        new WorkflowValidator(InMemoryEngine.Registry, ExpressionEngine.CreateDefault()).Validate(WorkflowJson.Parse(json));

    [Fact]
    public async Task TheFinishedInstance_CarriesTheNamedOutputs_EvenAcrossABlockingStep()
    {
        var json = WithOutputs(Document(
            [Activity("start", "Elsa.Start"), SetOutput("total", "Total", "JavaScript", "20 + 22"),
             Activity("wait", "Elsa.Event", ("eventName", "Literal", "go")), SetOutput("status", "Status", "Literal", "closed")],
            [Connect("start", "Done", "total"), Connect("total", "Done", "wait"), Connect("wait", "Done", "status")]), "Total", "Status");

        Assert.DoesNotContain(Issues(json), i => i.ActivityId is "total" or "status");
        var engine = InMemoryEngine.FromJson(json);
        Assert.Equal(WorkflowStatus.Suspended, (await engine.StartAsync()).Status);
        Assert.Null(engine.State.Output);
        engine.Reload();
        Assert.Equal(WorkflowStatus.Finished, (await engine.ResumeAsync(engine.Bookmark("wait"))).Status);

        var output = Assert.IsType<JsonObject>(engine.State.Output);
        Assert.Equal(42.0, output["Total"]!.GetValue<double>());
        Assert.Equal("closed", output["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OutputsSitNextToCompleteOutcomes_AndTheLastAssignmentWins()
    {
        var json = WithOutputs(Document(
            [SetOutput("first", "Answer", "Literal", "draft"), SetOutput("second", "Answer", "Literal", "final"),
             Activity("complete", "Elsa.Complete", ("outcomes", "Literal", "Approved"))],
            [Connect("first", "Done", "second"), Connect("second", "Done", "complete")]), "Answer");

        var engine = InMemoryEngine.FromJson(json);
        Assert.Equal(WorkflowStatus.Finished, (await engine.StartAsync()).Status);

        var output = Assert.IsType<JsonObject>(engine.State.Output);
        Assert.Equal("final", output["Answer"]!.GetValue<string>());
        Assert.NotNull(output["outcomes"]);
    }

    [Fact]
    public void AnOutputNameTheDocumentDoesNotDeclare_IsAWarning()
    {
        var json = WithOutputs(Document([SetOutput("set", "Totl", "Literal", "1")], []), "Total");

        var issue = Assert.Single(Issues(json), i => i.ActivityId == "set");
        Assert.Equal(IssueSeverity.Warning, issue.Severity);
        Assert.Contains("Totl", issue.Message);
    }

    [Fact]
    public void SetOutput_IsRegisteredWithAChineseDisplayName()
    {
        var descriptor = InMemoryEngine.Registry.Find("Elsa.SetOutput");
        Assert.NotNull(descriptor);
        Assert.Equal("设置输出", descriptor.DisplayName);
    }
}
