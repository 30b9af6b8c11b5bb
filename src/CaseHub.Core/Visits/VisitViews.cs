namespace CaseHub.Core.Visits;

// What the visits facade takes and shows; the HTTP API and the /visits page render these as they are.

/// <summary>A plan as sent (every field may be missing or wrong: the facade checks it). <c>Paused</c> only on edit.</summary>
public sealed record PlanRequest(string? ServiceCode, string? JurisdictionId, string? ProviderId, string? Cron, string? TimeZone,
    string? PairingId, bool? Paused = null);

public sealed record PlanCreated(Guid Id, DateTimeOffset? NextRunAt);

/// <summary>A plan with its cron read in Chinese and its next five dates (plan time zone, 2026年12月1日 09:00).</summary>
public sealed record PlanView(Guid Id, string ServiceCode, string JurisdictionId, string ProviderId, string Cron, string TimeZone, bool Paused,
    DateTimeOffset? NextRunAt, Guid? PairingId, string Reading, List<string> NextDates, string? ServiceName, string? IslandName, string? ProviderName);

public sealed record VisitView(Guid Id, DateTimeOffset ScheduledFor, string Status, Guid? TicketId, Guid PlanId, string? Reason,
    Guid? RescheduledToId, int? ResidentsServed, string JurisdictionId, string ProviderId, string ServiceCode);

public sealed record CancelVisit(string? Reason, string? RescheduleTo);

public sealed record VisitCancelled(Guid Id, string Status, Guid? RescheduledVisitId, DateTimeOffset? RescheduledFor);

public sealed record PairingRequest(string? ProviderId, string? JurisdictionId, int? VisitsPerMonth);

public sealed record PairingView(Guid Id, string ProviderId, string JurisdictionId, int VisitsPerMonth, string? ProviderName, string? IslandName);

public sealed record CoverageRow(Guid PairingId, string JurisdictionId, string ProviderId, int Target, int Done, bool Met, string Month);

public sealed record PairingAlertView(Guid Id, Guid PairingId, string Month, string JurisdictionId, int Target, int Done,
    DateTimeOffset CreatedAt, DateTimeOffset? AcknowledgedAt);

/// <summary>A month of the China calendar, <c>yyyy-MM</c>, with its bounds as instants.</summary>
public readonly record struct VisitMonth(int Year, int Month)
{
    public override string ToString() => $"{Year:D4}-{Month:D2}";

    public DateTimeOffset Start => At(new DateTime(Year, Month, 1));
    public DateTimeOffset End => At(new DateTime(Year, Month, 1).AddMonths(1));
    public VisitMonth Previous => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);

    public static VisitMonth Of(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Sla.BusinessCalendar.ChinaTime);
        return new(local.Year, local.Month);
    }

    public static bool TryParse(string? text, out VisitMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-' || !int.TryParse(text[..4], out var y) || !int.TryParse(text[5..], out var m)
            || y is < 2000 or > 2100 || m is < 1 or > 12) return false;
        month = new(y, m);
        return true;
    }

    private static DateTimeOffset At(DateTime local) => new(local, Sla.BusinessCalendar.ChinaTime.GetUtcOffset(local));
}

/// <summary>What the host does with Hangfire when a plan changes (Core knows no Hangfire).</summary>
public interface IVisitPlanJobs
{
    /// <summary>Registers (or re-registers, after an edit) the plan's recurring job; a paused plan's job is removed.</summary>
    void Apply(VisitPlan plan);
}
