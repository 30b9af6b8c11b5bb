using CaseHub.Core.Data;
using CaseHub.Core.Sla;

namespace CaseHub.Core.Tickets;

/// <summary>
/// Hands out ticket numbers such as <c>ZS-20261122-000123</c>: a counter per China-time day, bumped and
/// read back by a single statement in the provider's dialect (<see cref="CaseHubDbContext"/>), so concurrent
/// callers on any node never share a number.
/// The statement joins the context's current transaction if there is one; a caller that wants intake to
/// stay concurrent takes the number before opening its transaction (a rolled-back ticket then leaves a gap).
/// </summary>
public sealed class TicketNumbers(CaseHubDbContext db, TimeProvider time)
{
    public const string Prefix = "ZS";

    public Task<string> NextAsync(CancellationToken ct = default) =>
        NextAsync(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), BusinessCalendar.ChinaTime).DateTime), ct);

    /// <summary>The next number on <paramref name="day"/> (a China-time date).</summary>
    public async Task<string> NextAsync(DateOnly day, CancellationToken ct = default) =>
        Format(day, await db.NextTicketSequenceAsync(day, ct));

    public static string Format(DateOnly day, long sequence) => $"{Prefix}-{day:yyyyMMdd}-{sequence:D6}";
}
