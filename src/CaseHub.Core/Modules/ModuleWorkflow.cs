using System.Reflection;

namespace CaseHub.Core.Modules;

/// <summary>A workflow definition (Elsa 3 JSON) a module carries as an embedded resource; <see cref="Name"/> says where it came from in errors.</summary>
public sealed record ModuleWorkflow(string Name, byte[] Json)
{
    /// <summary>The logical-name prefix of a module's embedded workflows (<c>LogicalName="Workflows/%(Filename)%(Extension)"</c>).</summary>
    public const string ResourcePrefix = "Workflows/";

    public static IReadOnlyList<ModuleWorkflow> LoadEmbedded(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var bytes = new MemoryStream();
                stream.CopyTo(bytes);
                return new ModuleWorkflow($"{assembly.GetName().Name}/{n}", bytes.ToArray());
            })
            .ToList();
}
