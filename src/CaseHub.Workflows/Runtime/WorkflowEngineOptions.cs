namespace CaseHub.Workflows.Runtime;

/// <summary>Limits and settings of the engine (configuration section <c>Workflows</c>).</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>Activity executions allowed in one step before the instance faults as a runaway loop.</summary>
    public int MaxExecutionsPerStep { get; set; } = 10_000;

    /// <summary>WriteLine output kept per instance (oldest dropped first).</summary>
    public int MaxOutputLines { get; set; } = 100;

    /// <summary>The zone <c>Elsa.Cron</c> reads its expressions in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The hosts <c>Elsa.SendHttpRequest</c>/<c>Elsa.FlowSendHttpRequest</c> may call (<c>*.example.org</c> for subdomains); none by default.</summary>
    public List<string> AllowedHttpHosts { get; set; } = [];
}
