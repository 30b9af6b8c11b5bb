namespace CaseHub.Workflows.Expressions;

/// <summary>
/// What one JavaScript evaluation may spend. Scripts come from workflow definitions, which people
/// other than the operator may write, so every run is bounded in time, work, memory and depth.
/// </summary>
public sealed record JavaScriptLimits
{
    public static JavaScriptLimits Default { get; } = new();

    /// <summary>Wall-clock time for one evaluation.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Statements one evaluation may execute; stops busy loops before the clock does.</summary>
    public int MaxStatements { get; init; } = 1_000_000;

    /// <summary>Bytes one evaluation may allocate.</summary>
    public long MaxMemoryBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Nested function calls.</summary>
    public int MaxRecursionDepth { get; init; } = 64;

    /// <summary>Elements of one array; stops a single huge allocation before the memory check, which runs between statements, can see it.</summary>
    public uint MaxArraySize { get; init; } = 1_000_000;
}
