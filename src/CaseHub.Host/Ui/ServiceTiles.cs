using CaseHub.Core.Catalog;
using CaseHub.Core.Modules;

namespace CaseHub.Host.Ui;

/// <summary>A station's services as the tiles show them: grouped by function in the modules' order, named in the page's language.</summary>
public sealed record ServiceTiles(IReadOnlyList<ServiceTiles.Group> Groups, Func<string, string> Link)
{
    public sealed record Tile(string Code, string Name);
    public sealed record Group(string Id, string Name, IReadOnlyList<Tile> Items);

    public static ServiceTiles Of(IEnumerable<ServiceItem> items, ModuleRegistry modules, Func<string, string> link)
    {
        var groups = items.GroupBy(i => i.Function)
            .OrderBy(g => modules.All.ToList().FindIndex(m => m.Manifest.Id == g.Key) is var at and >= 0 ? at : int.MaxValue)
            .Select(g => new Group(g.Key, ModuleName(modules.Find(g.Key)?.Manifest, g.Key), [.. g.Select(i => new Tile(i.Code, NameOf(i)))]))
            .ToList();
        return new ServiceTiles(groups, link);
    }

    public static bool English => !Bilingual.IsChinese;

    public static string NameOf(ServiceItem item) => English && item.NameEn is { Length: > 0 } en ? en : item.Name;

    private static string ModuleName(ModuleManifest? manifest, string id) => manifest is null ? id : English ? manifest.NameEn : manifest.Name;
}
