using System.Globalization;

namespace CaseHub.Core.Sla;

/// <summary>Times that people type (suspensions, accreditation deadlines): ISO 8601, and one without an offset is China time.</summary>
public static class TimeText
{
    public static bool TryRead(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            return false;
        value = parsed.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(parsed, BusinessCalendar.ChinaTime.GetUtcOffset(parsed))
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        return true;
    }
}
