using System.Text.Json.Nodes;

namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>Elsa 3 documents for the HTTP tests, in the shape Elsa Studio writes.</summary>
public static class Definitions
{
    public static JsonObject Activity(string id, string type, params (string Name, string Syntax, string Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id, ["type"] = type, ["version"] = 1, ["customProperties"] = new JsonObject { ["note"] = "kept" },
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 120, ["y"] = 80 } } },
        };
        foreach (var (name, syntax, value) in inputs)
            activity[name] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = syntax, ["value"] = value } };
        return activity;
    }

    public static JsonObject Connect(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    public static string Document(string? definitionId, JsonObject[] activities, JsonObject[] connections) =>
        new JsonObject
        {
            ["definitionId"] = definitionId, ["name"] = "测试流程", ["version"] = 1, ["studioExtra"] = "kept",
            ["variables"] = new JsonArray(),
            ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "Flowchart1", ["activities"] = new JsonArray(activities), ["connections"] = new JsonArray(connections) },
        }.ToJsonString();

    /// <summary>Start → WriteLine(text) → Event(eventName) → End.</summary>
    public static string WaitForEvent(string definitionId, string text, string eventName) => Document(definitionId,
        [Activity("start", "Elsa.Start"), Activity("write", "Elsa.WriteLine", ("text", "Literal", text)),
         Activity("wait", "Elsa.Event", ("eventName", "Literal", eventName)), Activity("end", "Elsa.End")],
        [Connect("start", "Done", "write"), Connect("write", "Done", "wait"), Connect("wait", "Done", "end")]);

    /// <summary>Start → Delay(span) → End.</summary>
    public static string Delay(string definitionId, string span) => Document(definitionId,
        [Activity("start", "Elsa.Start"), Activity("delay", "Elsa.Delay", ("timeSpan", "Literal", span)), Activity("end", "Elsa.End")],
        [Connect("start", "Done", "delay"), Connect("delay", "Done", "end")]);
}
