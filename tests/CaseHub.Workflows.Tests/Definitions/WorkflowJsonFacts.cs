using System.Text;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Tests.Definitions;

public sealed class WorkflowJsonFacts
{
    public static TheoryData<string> SampleNames => new(Samples.Names);

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void EverySample_Parses(string name)
    {
        var document = Samples.Load(name);

        Assert.NotEmpty(document.Root.Activities);
        Assert.NotEmpty(document.Root.Connections);
        Assert.Equal(name, document.DefinitionId);
        Assert.All(document.Root.Activities, a => Assert.Same(a.Json, FindActivityJson(document, a.Id)));
    }

    [Fact]
    public void ByteOrderMark_IsAcceptedInBytes()
    {
        var bytes = Samples.Bytes("legacy-flat");
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        Assert.Equal("legacy-flat", WorkflowJson.Parse(bytes).DefinitionId);
    }

    [Fact]
    public void ByteOrderMark_IsAcceptedAtTheStartOfAString()
    {
        var text = Encoding.UTF8.GetString(Samples.Bytes("hello-world"));

        Assert.Equal("hello-world", WorkflowJson.Parse("\uFEFF" + text).DefinitionId);
    }

    [Fact]
    public void NewConnectionShape_IsRead()
    {
        var connections = Samples.Load("decision-before-join").Root.Connections;

        Assert.Contains(new Connection("FlowDecision1", "True", "WriteLineA", "In"), connections);
        Assert.Contains(new Connection("FlowDecision1", "False", "WriteLineB", "In"), connections);
    }

    [Fact]
    public void FlatConnectionShape_IsRead_AndMissingPortsDefault()
    {
        var connections = Samples.Load("legacy-flat").Root.Connections;

        Assert.Equal(new Connection("FlowDecision1", "True", "WriteLine1", "In"), connections[1]);
        Assert.Equal(new Connection("FlowJoin1", "Done", "End1", "In"), connections[4]);
    }

    [Fact]
    public void MissingPortsDefault_InTheNewShapeToo()
    {
        var document = WorkflowJson.Parse("""
            { "root": { "type": "Elsa.Flowchart", "id": "F", "activities": [],
              "connections": [ { "source": { "activity": "a" }, "target": { "activity": "b" } } ] } }
            """);

        Assert.Equal(new Connection("a", "Done", "b", "In"), document.Root.Connections.Single());
    }

    [Fact]
    public void FullDotNetTypeNames_AreNormalised()
    {
        var document = Samples.Load("legacy-flat");
        var activities = document.Root.Activities.ToDictionary(a => a.Id);

        Assert.Equal("String", document.Variables.Single().TypeName);
        Assert.Equal("Boolean", activities["FlowDecision1"].Input("condition")!.TypeName);
        Assert.Equal("String", activities["WriteLine1"].Input("text")!.TypeName);
        Assert.Equal("FlowJoinMode", activities["FlowJoin1"].Input("mode")!.TypeName);
    }

    [Theory]
    [InlineData("String", "String")]
    [InlineData("System.String, System.Private.CoreLib", "String")]
    [InlineData("System.Boolean, System.Private.CoreLib, Version=9.0.0.0, Culture=neutral", "Boolean")]
    [InlineData("System.Object", "Object")]
    [InlineData("Elsa.Workflows.Core.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core", "FlowJoinMode")]
    [InlineData("System.Collections.Generic.List`1[[System.String, System.Private.CoreLib]], System.Private.CoreLib", "List`1[[System.String, System.Private.CoreLib]]")]
    public void TypeNames_ReduceToTheLastSegment(string typeName, string expected) =>
        Assert.Equal(expected, TypeNames.Normalize(typeName));

    [Fact]
    public void Inputs_AreThePropertiesThatAreNotTheActivitysOwnFields()
    {
        var writeLine = Samples.Load("hello-world").Root.Activities.Single(a => a.Id == "WriteLine1");

        Assert.Equal(["text"], writeLine.Inputs.Keys);
        var text = writeLine.Input("TEXT")!;
        Assert.Equal("String", text.TypeName);
        Assert.Equal(WorkflowExpression.Literal("Hello world!").Text, text.Expression!.Text);
        Assert.Equal("Literal", text.Expression.Type);
    }

    [Fact]
    public void PlainJsonInputs_AreKeptRaw()
    {
        var activities = Samples.Load("counter-loop").Root.Activities.Concat(Samples.Load("switch").Root.Activities)
            .Where(a => a.Id is "FlowSwitch1" or "SetVariable1").ToDictionary(a => a.Id);

        var cases = Assert.IsType<JsonArray>(activities["FlowSwitch1"].Input("cases")!.Raw);
        Assert.Equal("Small", cases[0]!["label"]!.GetValue<string>());
        var variable = activities["SetVariable1"].Input("variable")!;
        Assert.Null(variable.Expression);
        Assert.Equal("Counter", variable.Raw!["name"]!.GetValue<string>());
        Assert.Equal("JavaScript", activities["SetVariable1"].Input("value")!.Expression!.Type);
    }

    [Fact]
    public void Write_KeepsEverythingButTheIdentity_IncludingUnknownPropertiesAndDesignerPositions()
    {
        var original = JsonNode.Parse(Samples.Bytes("hello-world").AsSpan())!.AsObject();
        original["x-casehub-note"] = new JsonObject { ["owner"] = "claims" };
        original["root"]!["activities"]![1]!["x-colour"] = "teal";
        var document = WorkflowJson.Parse(original.ToJsonString());

        var written = WorkflowJson.Write(document, "renamed", 7, isPublished: true);

        Assert.Equal("renamed", written["definitionId"]!.GetValue<string>());
        Assert.Equal(7, written["version"]!.GetValue<int>());
        Assert.True(written["isPublished"]!.GetValue<bool>());
        var expected = original.DeepClone().AsObject();
        foreach (var field in new[] { "definitionId", "version", "isPublished" }) { expected.Remove(field); written.Remove(field); }
        Assert.True(JsonNode.DeepEquals(expected, written), written.ToJsonString());
        Assert.Equal("teal", written["root"]!["activities"]![1]!["x-colour"]!.GetValue<string>());
        Assert.Equal(240, written["root"]!["activities"]![1]!["metadata"]!["designer"]!["position"]!["x"]!.GetValue<int>());
    }

    [Fact]
    public void Write_KeepsTheFlatConnectionShape_AndLeavesTheDocumentAlone()
    {
        var document = Samples.Load("legacy-flat");

        var text = WorkflowJson.ToJsonString(document, "legacy-flat", 5, isPublished: false);
        var reread = WorkflowJson.Parse(text);

        Assert.Equal("Start1", JsonNode.Parse(text)!["root"]!["connections"]![0]!["source"]!.GetValue<string>());
        Assert.Equal(5, reread.Version);
        Assert.Equal(document.Root.Connections, reread.Root.Connections);
        Assert.Equal(4, document.Json["version"]!.GetValue<int>());
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "not json", "$" },
        { "[]", "$" },
        { "{ \"name\": \"x\" }", "$.root" },
        { "{ \"root\": { \"activities\": [] } }", "$.root.type" },
        { "{ \"root\": { \"type\": \"Elsa.Sequence\", \"activities\": [ { \"type\": \"Elsa.End\" } ] } }", "$.root.activities[0].id" },
        { "{ \"root\": { \"type\": \"Elsa.Flowchart\", \"activities\": {} } }", "$.root.activities" },
        { "{ \"root\": { \"type\": \"Elsa.Flowchart\", \"activities\": [ { \"id\": \"a\", \"type\": \"Elsa.End\" }, { \"type\": \"Elsa.End\" } ] } }", "$.root.activities[1].id" },
        { "{ \"root\": { \"type\": \"Elsa.Flowchart\", \"activities\": [ { \"id\": \"a\" } ] } }", "$.root.activities[0].type" },
        { "{ \"root\": { \"type\": \"Elsa.Flowchart\", \"activities\": [], \"connections\": [ { \"target\": \"b\" } ] } }", "$.root.connections[0].source" },
        { "{ \"root\": { \"type\": \"Elsa.Flowchart\", \"activities\": [ { \"id\": \"a\", \"type\": \"Elsa.WriteLine\", \"text\": { \"expression\": { \"value\": \"hi\" } } } ] } }", "$.root.activities[0].text.expression.type" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void StructuralProblems_ThrowWithTheJsonPath(string json, string path)
    {
        var e = Assert.Throws<WorkflowFormatException>(() => WorkflowJson.Parse(json));

        Assert.Equal(path, e.Path);
        Assert.StartsWith(path + ":", e.Message);
    }

    private static JsonObject? FindActivityJson(WorkflowDocument document, string id) =>
        document.Json["root"]!["activities"]!.AsArray().OfType<JsonObject>().FirstOrDefault(a => a["id"]!.GetValue<string>() == id);
}
