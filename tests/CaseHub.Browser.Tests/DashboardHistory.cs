using System.Text.Json;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Residents;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Browser.Tests;

/// <summary>
/// Eight weeks of made-up history for the dashboard's journey, written straight into the database (the API would take
/// minutes and cannot date a ticket in the past): tickets across islands, items, channels and providers, most closed,
/// with their dispatches, return visits and ratings. “银龄互助”团队 gets two ratings only, so the ranking shows 样本不足.
/// </summary>
public static class DashboardHistory
{
    public const string FewRatings = "zs-silver-mutual-aid";

    public static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        if (await db.Set<Ticket>().AnyAsync(t => t.Number.StartsWith("DJ-"))) return;
        var residents = scope.ServiceProvider.GetRequiredService<ResidentDirectory>();
        var items = await db.ServiceItems.Where(i => !i.IsLocal).OrderBy(i => i.Code).Select(i => new { i.Id, i.Code }).Take(8).ToListAsync();
        string[] places = ["baisha", "baisha-station", "changbai", "changbai-station", "dachangtu", "lvhua", "taohua", "baisha"];
        string[] channels = ["hotline", "miniprogram", "kiosk", "station_proxy", "official_account", "hotline", "social_org", "web"];
        string[] providers = ["zs-health", "zs-civil-affairs", "zs-commerce-group", "zs-post"];
        var random = new Random(2026);
        var now = DateTimeOffset.UtcNow;
        var silverRatings = 0;

        for (var n = 1; n <= 140; n++)
        {
            var created = now.AddDays(-random.Next(1, 56)).AddHours(-random.Next(0, 10));
            var item = items[random.Next(items.Count)];
            var silver = n % 23 == 0;
            var provider = silver ? FewRatings : providers[random.Next(providers.Length)];
            var resident = await residents.FindOrCreateAsync($"居民{n}", $"139{n:00000000}", null, "history");
            var due = created.AddDays(2);
            var closes = random.NextDouble() < 0.75 && created.AddDays(3) < now;
            var ticket = new Ticket
            {
                Number = $"DJ-{n:000000}", ServiceCode = item.Code, ServiceItemId = item.Id, ItemVersion = 1, JurisdictionId = places[random.Next(places.Length)],
                Channel = channels[random.Next(channels.Length)], ResidentId = resident.Id, PlacedBy = "history", Form = "{}", CreatedAt = created,
                UpdatedAt = created, ProviderId = provider, DueAt = due,
            };
            ticket.MoveTo(TicketStatus.Dispatched, created);
            db.Add(ticket);
            var accepted = created.AddHours(random.Next(1, 8));
            db.Add(new CaseTask
            {
                TicketId = ticket.Id, Kind = TaskKinds.Dispatch, Title = "接单确认", Role = "Provider", JurisdictionId = ticket.JurisdictionId, ProviderId = provider,
                Outcomes = "Accept,Decline", CreatedAt = created, DueAt = created.AddHours(4), CompletedAt = accepted, Outcome = random.NextDouble() < 0.9 ? "Accept" : "Decline",
            });
            if (!closes) continue;
            foreach (var status in new[] { TicketStatus.Accepted, TicketStatus.Delivered, TicketStatus.Closed }) ticket.MoveTo(status, created);
            var closedAt = created.AddHours(random.Next(10, 70));
            db.Add(new TicketEvent
            {
                TicketId = ticket.Id, At = closedAt, Type = TicketEvent.StatusChanged, Actor = "history",
                Data = JsonSerializer.Serialize(new { from = "Delivered", to = "Closed", details = (object?)null }, JsonSerializerOptions.Web),
            });
            var satisfied = random.NextDouble() < 0.85;
            db.Add(new CaseTask
            {
                TicketId = ticket.Id, Kind = TaskKinds.ReturnVisit, Title = "服务回访", Role = "StationStaff", JurisdictionId = ticket.JurisdictionId,
                Outcomes = "Satisfied,Unsatisfied,Unreachable", CreatedAt = closedAt, DueAt = closedAt.AddHours(8), CompletedAt = closedAt.AddHours(2),
                Outcome = satisfied ? "Satisfied" : "Unsatisfied",
            });
            if (silver && silverRatings++ >= 2) continue;
            db.Add(new TicketFeedback
            {
                TicketId = ticket.Id, Rating = satisfied ? random.Next(4, 6) : random.Next(1, 4), ProviderId = provider, GivenBy = "history", At = closedAt.AddHours(3),
            });
        }
        await db.SaveChangesAsync();
    }
}
