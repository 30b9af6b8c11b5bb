using System.Text.Json;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Residents;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>
/// A small history written straight into the database in March 2025 (China time), so every figure the dashboard
/// answers can be worked out by hand in the facts. Times are China time (+08:00).
/// <list type="bullet">
/// <item>T1 白沙岛 telemedicine, hotline, 3 Mar 10:00, 市卫健委: dispatch accepted in time, closed 4 Mar before its due time, return visit Satisfied.</item>
/// <item>T2 白沙岛 station, telemedicine, kiosk, 10 Mar: dispatch accepted late, closed 12 Mar after its due time (11 Mar), return visit Unsatisfied → reopened 13 Mar.</item>
/// <item>T3 长白岛 (定海区) home cleaning, hotline, 15 Mar, 市民政局: dispatch declined, closed 20 Mar with no due time, return visit Unreachable.</item>
/// <item>T4 长白岛 home cleaning, miniprogram, 31 Mar 23:30: dispatch still open, no limit.</item>
/// <item>T5 白沙岛 telemedicine, 28 Feb 23:30 (before the period): closed 1 Mar 00:30, after its due time (1 Mar 00:00).</item>
/// <item>T6 白沙岛 telemedicine, 1 Apr 00:10 (after the period).</item>
/// <item>T7 白沙岛 telemedicine, web, 20 Mar, “银龄互助”团队.</item>
/// <item>Ratings in March: 市卫健委 5,4,5,4,5 (T1, T2); 市民政局 5,5,4,4,4,2 (T3, T4); “银龄互助”团队 5,5 (T7); and a 1 for 市卫健委 in February (T5).</item>
/// </list>
/// </summary>
public static class DashboardFixture
{
    public const string Health = "zs-health", Civil = "zs-civil-affairs", Silver = "zs-silver-mutual-aid";
    public const string Telemedicine = "health.telemedicine", Cleaning = "eldercare.home_cleaning";
    public const string Period = "from=2025-03-01&to=2025-03-31";
    public static readonly string[] Phones = ["13800001111", "13800002222", "13800003333", "13800004444", "13800005555", "13800006666", "13800007777"];

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    /// <summary>Writes the history once per database (the facts of one class share their host).</summary>
    public static async Task SeedAsync(CaseHubFactory host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        if (await db.Set<Ticket>().AnyAsync(t => t.Number == "DB-T1")) return;
        var residents = scope.ServiceProvider.GetRequiredService<ResidentDirectory>();
        var items = await db.ServiceItems.Where(i => i.Code == Telemedicine || i.Code == Cleaning).ToDictionaryAsync(i => i.Code, i => i.Id);

        async Task<Ticket> TicketAsync(int n, string code, string place, string channel, DateTimeOffset created, string? provider, DateTimeOffset? due,
            params TicketStatus[] path)
        {
            var resident = await residents.FindOrCreateAsync($"居民{n}", Phones[n - 1], null, "fixture");
            var ticket = new Ticket
            {
                Number = $"DB-T{n}", ServiceCode = code, ServiceItemId = items[code], ItemVersion = 1, JurisdictionId = place, Channel = channel,
                ResidentId = resident.Id, PlacedBy = "fixture", Form = "{}", CreatedAt = created, UpdatedAt = created, ProviderId = provider, DueAt = due,
            };
            foreach (var status in path) ticket.MoveTo(status, created);
            db.Add(ticket);
            return ticket;
        }

        void Move(Ticket t, string from, string to, DateTimeOffset at) => db.Add(new TicketEvent
        {
            TicketId = t.Id, At = at, Type = TicketEvent.StatusChanged, Actor = "fixture",
            Data = JsonSerializer.Serialize(new { from, to, details = new { reason = "to\":\"Closed" } }, JsonSerializerOptions.Web),
        });

        void Task(Ticket t, string kind, string? provider, DateTimeOffset created, DateTimeOffset? due, DateTimeOffset? completed, string? outcome) => db.Add(new CaseTask
        {
            TicketId = t.Id, Kind = kind, Title = kind, Role = "Provider", JurisdictionId = t.JurisdictionId, ProviderId = provider, Outcomes = "x",
            CreatedAt = created, DueAt = due, CompletedAt = completed, Outcome = outcome,
        });

        void Rate(Ticket t, string provider, DateTimeOffset at, params int[] ratings)
        {
            foreach (var r in ratings) db.Add(new TicketFeedback { TicketId = t.Id, Rating = r, ProviderId = provider, GivenBy = "fixture", At = at });
        }

        TicketStatus[] closed = [TicketStatus.Dispatched, TicketStatus.Accepted, TicketStatus.Delivered, TicketStatus.Closed];
        var t1 = await TicketAsync(1, Telemedicine, "baisha", "hotline", At(3, 3, 10), Health, At(3, 5, 10), closed);
        Task(t1, TaskKinds.Dispatch, Health, At(3, 3, 10, 5), At(3, 3, 14), At(3, 3, 11), "Accept");
        Move(t1, "Delivered", "Closed", At(3, 4, 9));
        Task(t1, TaskKinds.ReturnVisit, null, At(3, 5, 9), At(3, 5, 17), At(3, 5, 10), "Satisfied");
        Rate(t1, Health, At(3, 5, 11), 5, 4, 5);

        var t2 = await TicketAsync(2, Telemedicine, "baisha-station", "kiosk", At(3, 10, 10), Health, At(3, 11, 10), [.. closed, TicketStatus.Reopened]);
        Task(t2, TaskKinds.Dispatch, Health, At(3, 10, 10, 5), At(3, 10, 14), At(3, 10, 15), "Accept");
        Move(t2, "Delivered", "Closed", At(3, 12, 9));
        Task(t2, TaskKinds.ReturnVisit, null, At(3, 13, 9), At(3, 13, 17), At(3, 13, 10), "Unsatisfied");
        Move(t2, "Closed", "Reopened", At(3, 13, 10));
        Rate(t2, Health, At(3, 13, 11), 4, 5);

        var t3 = await TicketAsync(3, Cleaning, "changbai", "hotline", At(3, 15, 10), Civil, null, closed);
        Task(t3, TaskKinds.Dispatch, Civil, At(3, 15, 10, 5), At(3, 15, 14), At(3, 15, 11), "Decline");
        Move(t3, "Delivered", "Closed", At(3, 20, 9));
        Task(t3, TaskKinds.ReturnVisit, null, At(3, 21, 9), At(3, 21, 17), At(3, 21, 10), "Unreachable");
        Rate(t3, Civil, At(3, 21, 11), 5, 5, 4);

        var t4 = await TicketAsync(4, Cleaning, "changbai", "miniprogram", At(3, 31, 23, 30), Civil, null, TicketStatus.Dispatched);
        Task(t4, TaskKinds.Dispatch, Civil, At(3, 31, 23, 35), null, null, null);
        Rate(t4, Civil, At(3, 31, 23, 50), 4, 4, 2);

        var t5 = await TicketAsync(5, Telemedicine, "baisha", "hotline", At(2, 28, 23, 30), Health, At(3, 1, 0), closed);
        Move(t5, "Delivered", "Closed", At(3, 1, 0, 30));
        Rate(t5, Health, At(2, 28, 23, 50), 1);

        await TicketAsync(6, Telemedicine, "baisha", "hotline", At(4, 1, 0, 10), Health, null);
        var t7 = await TicketAsync(7, Telemedicine, "baisha", "web", At(3, 20, 10), Silver, null, TicketStatus.Dispatched);
        Rate(t7, Silver, At(3, 22, 10), 5, 5);
        await db.SaveChangesAsync();
    }
}
