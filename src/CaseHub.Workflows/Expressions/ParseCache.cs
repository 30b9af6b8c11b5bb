using System.Collections.Concurrent;

namespace CaseHub.Workflows.Expressions;

/// <summary>
/// Parsed expressions by source text, shared by every evaluation. Definitions hold a bounded set of
/// expressions, so the cache is simply emptied when it fills: a pathological stream of distinct
/// sources then costs re-parsing, never unbounded memory.
/// </summary>
internal sealed class ParseCache<T>(Func<string, T> parse, int capacity = 4096)
{
    private readonly ConcurrentDictionary<string, T> _bySource = new(StringComparer.Ordinal);

    public T Get(string source)
    {
        if (_bySource.TryGetValue(source, out var parsed))
            return parsed;
        if (_bySource.Count >= capacity)
            _bySource.Clear();
        return _bySource.GetOrAdd(source, parse);
    }
}
