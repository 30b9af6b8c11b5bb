namespace CaseHub.Core.Sla;

/// <summary>The <c>CaseHub:Sla</c> configuration section.</summary>
public sealed class BusinessCalendarOptions
{
    /// <summary>Working periods of a working day as "HH:mm-HH:mm"; none configured means <see cref="WorkingPeriod.Default"/>.</summary>
    public string[]? WorkingPeriods { get; set; }

    public string TimeZone { get; set; } = "Asia/Shanghai";
}
