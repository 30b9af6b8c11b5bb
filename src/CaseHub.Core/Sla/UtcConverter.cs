using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CaseHub.Core.Sla;

/// <summary>Keeps an instant as a UTC date-time column, which every provider can compare and order.</summary>
internal sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)))
{
    public static UtcConverter Instance { get; } = new();
}
