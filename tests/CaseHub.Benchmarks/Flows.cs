using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Benchmarks;

/// <summary>The Elsa 3 documents the benchmarks run, in the shape Elsa Studio writes.</summary>
internal static class Flows
{
    public const string CounterId = "bench-counter";
    public const string EventId = "bench-event";

    /// <summary>
    /// Ten activities: Start, four SetVariable (Counter + 1), three WriteLine (Literal), a FlowDecision
    /// on the counter, End. With <paramref name="javaScript"/> false every expression is a Literal, which
    /// isolates the runner from the Jint engine each JavaScript evaluation creates.
    /// </summary>
    public static WorkflowDocument TenActivities(bool javaScript)
    {
        var set = javaScript ? ("JavaScript", "getCounter() + 1") : ("Literal", "1");
        var decide = javaScript ? ("JavaScript", "getCounter() == 4") : ("Literal", "true");
        var activities = new List<JsonObject> { Activity("Start1", "Elsa.Start") };
        for (var i = 1; i <= 4; i++)
        {
            activities.Add(SetCounter($"Set{i}", set.Item1, set.Item2));
            if (i < 4) activities.Add(Activity($"Write{i}", "Elsa.WriteLine", ("text", "Literal", $"step {i}")));
        }
        activities.Add(Activity("Decision1", "Elsa.FlowDecision", ("condition", decide.Item1, decide.Item2)));
        activities.Add(Activity("End1", "Elsa.End"));

        var connections = new List<JsonObject>();
        for (var i = 0; i < activities.Count - 2; i++)
            connections.Add(Connect(Id(activities[i]), "Done", Id(activities[i + 1])));
        connections.Add(Connect("Decision1", "True", "End1"));
        connections.Add(Connect("Decision1", "False", "End1"));
        return Document(CounterId, activities, connections);
    }

    /// <summary>Start, then an Event "go" that blocks until resumed, then End: one start and one resume per instance.</summary>
    public static WorkflowDocument StartEventEnd() => Document(EventId,
        [Activity("Start1", "Elsa.Start"), Activity("Event1", "Elsa.Event", ("eventName", "Literal", "go")), Activity("End1", "Elsa.End")],
        [Connect("Start1", "Done", "Event1"), Connect("Event1", "Done", "End1")]);

    /// <summary>Start, a Delay of <paramref name="delay"/>, End (as JSON for the HTTP API): a durable timer per instance.</summary>
    public static string Delay(string definitionId, TimeSpan delay) => DocumentJson(definitionId,
        [Activity("Start1", "Elsa.Start"), Activity("Delay1", "Elsa.Delay", ("timeSpan", "Literal", delay.ToString("c"))), Activity("End1", "Elsa.End")],
        [Connect("Start1", "Done", "Delay1"), Connect("Delay1", "Done", "End1")]);

    private static string Id(JsonObject activity) => activity["id"]!.GetValue<string>();

    private static JsonObject SetCounter(string id, string syntax, string value)
    {
        var activity = Activity(id, "Elsa.SetVariable", ("value", syntax, value));
        activity["variable"] = new JsonObject { ["id"] = "counter", ["name"] = "Counter", ["typeName"] = "Int32", ["value"] = "0" };
        return activity;
    }

    private static JsonObject Activity(string id, string type, params (string Name, string Syntax, string Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id, ["type"] = type, ["version"] = 1, ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } } },
        };
        foreach (var (name, syntax, value) in inputs)
            activity[name] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = syntax, ["value"] = value } };
        return activity;
    }

    private static JsonObject Connect(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    private static WorkflowDocument Document(string definitionId, IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections) =>
        WorkflowJson.Parse(DocumentJson(definitionId, activities, connections));

    private static string DocumentJson(string definitionId, IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections) =>
        new JsonObject
        {
            ["definitionId"] = definitionId, ["version"] = 1, ["name"] = definitionId,
            ["variables"] = new JsonArray(new JsonObject { ["id"] = "counter", ["name"] = "Counter", ["typeName"] = "Int32", ["value"] = "0" }),
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart", ["id"] = "Flowchart1",
                ["activities"] = new JsonArray([.. activities]),
                ["connections"] = new JsonArray([.. connections]),
            },
        }.ToJsonString();
}
