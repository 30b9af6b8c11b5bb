using System.Text.Json.Nodes;
using CaseHub.Workflows.Runtime;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>The accessors Elsa's JavaScript gets besides variables: one per declared workflow input, and the activity outputs.</summary>
public sealed class JavaScriptAccessorFacts
{
    private static string WithInputs(string document, params string[] names)
    {
        var json = JsonNode.Parse(document)!.AsObject();
        json["inputs"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["type"] = "String", ["displayName"] = n })]);
        return json.ToJsonString();
    }

    [Fact]
    public async Task ADeclaredWorkflowInput_HasAnAccessorNamedAfterItVerbatim()
    {
        var engine = InMemoryEngine.FromJson(WithInputs(Document(
            [Activity("w", "Elsa.WriteLine", ("text", "JavaScript", "getMessage() + '/' + geta()"))], []), "Message", "a"));
        engine.State.Input["Message"] = JsonValue.Create("hello");
        engine.State.Input["a"] = JsonValue.Create("x");

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["hello/x"], engine.State.Lines);
    }

    [Fact]
    public async Task AnInputWithALowerCaseName_IsAlsoReadCapitalised_AsOlderElsaVersionsGenerateIt()
    {
        // elsa-samples' JsonWorkflowProvider/Workflows/sub.json declares "fromMain" and reads getFromMain().
        var engine = InMemoryEngine.FromJson(WithInputs(Document(
            [Activity("w", "Elsa.WriteLine", ("text", "JavaScript", "getFromMain() + '/' + getfromMain()"))], []), "fromMain"));
        engine.State.Input["fromMain"] = JsonValue.Create("obi wan");

        await engine.StartAsync();

        Assert.Equal(["obi wan/obi wan"], engine.State.Lines);
    }

    [Fact]
    public async Task ADeclaredInputThatWasNotGiven_ReadsUndefined()
    {
        var engine = InMemoryEngine.FromJson(WithInputs(Document(
            [Activity("w", "Elsa.WriteLine", ("text", "JavaScript", "typeof getA()"))], []), "A"));

        await engine.StartAsync();

        Assert.Equal(["undefined"], engine.State.Lines);
    }

    [Fact]
    public async Task AnActivitysOutput_IsReadByItsAccessorAndTheLastResult()
    {
        var script = Activity("script", "Elsa.RunJavaScript", ("script", "Literal", "6 * 7"));
        script["name"] = "compute";
        var engine = InMemoryEngine.FromJson(Document(
            [script, Activity("w", "Elsa.WriteLine", ("text", "JavaScript", "getResultFromCompute() + ',' + getLastResult() + ',' + getOutputFrom('script', 'Result')"))],
            [Connect("script", "Done", "w")]));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["42,42,42"], engine.State.Lines);
    }

    [Fact]
    public async Task AnActivityWithoutAName_IsNamedByItsId()
    {
        var engine = InMemoryEngine.FromJson(Document(
            [Activity("RunJavaScript1", "Elsa.RunJavaScript", ("script", "Literal", "'done'")),
             Activity("w", "Elsa.WriteLine", ("text", "JavaScript", "getResultFromRunJavaScript1()"))],
            [Connect("RunJavaScript1", "Done", "w")]));

        await engine.StartAsync();

        Assert.Equal(["done"], engine.State.Lines);
    }
}
