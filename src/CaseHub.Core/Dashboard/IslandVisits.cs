namespace CaseHub.Core.Dashboard;

/// <summary>
/// The on-island visits of a month per island — visits done, and the target the island's pairings (结对) set — for the
/// coverage view. Visit plans, visits and pairings are the visits feature's tables, which this branch does not have:
/// until they are merged no visit has been recorded and no pairing set a target, so every island reads 0 of 0.
/// Wiring it means counting that feature's done visits and summing its pairings' visits per month here; nothing else changes.
/// </summary>
public sealed class IslandVisits
{
    /// <summary>(done, target) for each island id given, in the month starting on <paramref name="month"/> (China time).</summary>
    public Task<IReadOnlyDictionary<string, (int Done, int Target)>> MonthAsync(IReadOnlyList<string> islandIds, DateOnly month, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyDictionary<string, (int Done, int Target)>>(islandIds.ToDictionary(id => id, _ => (0, 0)));
}
