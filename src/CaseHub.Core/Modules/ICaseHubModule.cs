using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Modules;

/// <summary>Who a module is. <see cref="Id"/> is the stable key stored in settings and on service items.</summary>
public sealed record ModuleManifest(string Id, string Name, string NameEn, string Version, IReadOnlyList<string>? Dependencies = null);

/// <summary>
/// The contract every domain module implements. The host lists its modules explicitly
/// (no assembly scanning), so a module can never be silently left out.
/// </summary>
public interface ICaseHubModule
{
    ModuleManifest Manifest { get; }

    /// <summary>The module's part of the city-wide service catalogue, seeded at start.</summary>
    IReadOnlyList<ServiceItemSeed> ServiceItems { get; }

    void ConfigureServices(IServiceCollection services) { }

    void MapEndpoints(IEndpointRouteBuilder endpoints) { }
}
