using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Tests.Definitions;

/// <summary>The sample definitions copied next to the test assembly.</summary>
internal static class Samples
{
    public static readonly string[] Names =
        ["hello-world", "decision-before-join", "fork-waitany", "counter-loop", "switch", "delay", "legacy-flat"];

    public static string PathOf(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Samples", name + ".json");

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static WorkflowDocument Load(string name) => WorkflowJson.Parse(Bytes(name));
}
