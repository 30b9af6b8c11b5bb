namespace CaseHub.Workflows.Expressions;

/// <summary>What one Liquid render may spend; templates come from workflow definitions, so each render is bounded.</summary>
public sealed record LiquidLimits
{
    public static LiquidLimits Default { get; } = new();

    /// <summary>Wall-clock time for one render; nested loops can multiply past any loop limit.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Iterations of one loop.</summary>
    public int LoopLimit { get; init; } = 1_000;

    /// <summary>Nested calls and includes.</summary>
    public int RecursiveLimit { get; init; } = 64;

    /// <summary>Characters of rendered output.</summary>
    public int OutputLimit { get; init; } = 64 * 1024;
}
