namespace CaseHub.Core.Jurisdictions;

public enum JurisdictionKind { City, County, Township, Island, Station }

/// <summary>
/// A node of the city → county → township → island → station tree. <see cref="Path"/> holds the ids
/// from the root down ("/zhoushan/putuo/baisha/"), so "is X inside Y" is one string test and a
/// subtree is one indexed prefix query.
/// </summary>
public sealed class Jurisdiction
{
    public required string Id { get; init; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public JurisdictionKind Kind { get; init; }
    public string? ParentId { get; init; }
    public int? Population { get; set; }
    public required string Path { get; init; }

    public bool IsWithin(string ancestorId) => Path.Contains($"/{ancestorId}/", StringComparison.Ordinal);

    /// <summary>Ids from the root down to this node, inclusive.</summary>
    public IReadOnlyList<string> LineageIds => _lineageCache ??= Path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    // Path never changes after creation (init-only), so its split is computed once per instance.
    private string[]? _lineageCache;

    /// <summary>How far down this node's lineage <paramref name="ancestorId"/> sits (0 = the city); -1 when it is not an ancestor.
    /// "Nearest wins" rules (module settings, overrides, local items) pick the deepest.</summary>
    public int DepthOf(string ancestorId)
    {
        var lineage = LineageIds;
        for (var i = 0; i < lineage.Count; i++)
            if (lineage[i] == ancestorId) return i;
        return -1;
    }

    public static string PathOf(Jurisdiction? parent, string id) => (parent?.Path ?? "/") + id + "/";
}

public static class JurisdictionQueries
{
    /// <summary><paramref name="root"/> and everything below it: one indexed prefix match on the path.</summary>
    public static IQueryable<Jurisdiction> Within(this IQueryable<Jurisdiction> jurisdictions, Jurisdiction root) =>
        jurisdictions.Where(j => j.Path.StartsWith(root.Path));
}
