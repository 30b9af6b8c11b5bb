using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Modules;

/// <summary>Who a module is. <see cref="Id"/> is the stable key stored in settings and on service items.</summary>
public sealed record ModuleManifest(string Id, string Name, string NameEn, string Version);

/// <summary>
/// The contract every domain module implements. The host lists its modules explicitly
/// (no assembly scanning), so a module can never be silently left out.
/// </summary>
public interface ICaseHubModule
{
    ModuleManifest Manifest { get; }

    /// <summary>The module's part of the city-wide service catalogue, seeded at start; each item names its default workflow.</summary>
    IReadOnlyList<ServiceItemSeed> ServiceItems { get; }

    /// <summary>
    /// Workflow definitions only this module uses, published at start beside the shared ones under
    /// <c>workflows/</c>. Its items name them; nothing outside the module does.
    /// </summary>
    IReadOnlyList<ModuleWorkflow> Workflows { get; }

    /// <summary>Where a module adds its own services, such as an activity (an <c>ActivityDescriptor</c> singleton).</summary>
    void ConfigureServices(IServiceCollection services) { }
}
