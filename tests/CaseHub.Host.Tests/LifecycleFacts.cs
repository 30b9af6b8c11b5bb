using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Residents;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Cases;

namespace CaseHub.Host.Tests;

/// <summary>The whole loop — order, dispatch, acceptance, delivery, return visit, close, feedback — from every channel.</summary>
public abstract class LifecycleFacts(CaseHubFactory host)
{
    [Theory]
    [InlineData("miniprogram")]
    [InlineData("official_account")]
    [InlineData("hotline")]
    [InlineData("kiosk")]
    [InlineData("social_org")]
    [InlineData("web")]
    [InlineData("station_proxy")]
    public async Task AnOrderFromEveryChannel_IsDispatchedDeliveredVisitedAndClosed(string channel)
    {
        // Station staff order for residents without a smartphone at their station; channels order for the island.
        var orderer = await host.ClientAsAsync(channel == "station_proxy" ? BaishaStaff : Hotline);
        var place = channel == "station_proxy" ? "baisha-station" : "baisha";
        var ticketId = await OrderAsync(orderer, Order(channel: channel, place: place));

        var provider = await host.ClientAsAsync(HealthProvider);
        var dispatch = await FindTaskAsync(provider, ticketId, "dispatch");
        Assert.NotNull(dispatch);
        Assert.Equal(["Accept", "Decline"], dispatch.Value.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("Dispatched", Status(await TicketAsync(provider, ticketId)));
        // The provider's view of the ticket masks the resident's phone too.
        Assert.Matches(@"^\d{3}\*{4}\d{4}$", (await TicketAsync(provider, ticketId)).GetProperty("resident").GetProperty("phone").GetString());

        await DoAsync(provider, ticketId, "dispatch", "Accept");
        Assert.Equal("InService", Status(await TicketAsync(provider, ticketId)));
        await DoAsync(provider, ticketId, "delivery", "Delivered", data: new { notes = "远程问诊，调整用药", servedAt = DateTimeOffset.Now.ToString("O"), servedBy = "王医生" });
        Assert.Equal("Delivered", Status(await TicketAsync(provider, ticketId)));

        // The return visit opens on the next working day, for the staff of the island's station.
        var staff = await host.ClientAsAsync(BaishaStaff);
        Assert.Null(await FindTaskAsync(staff, ticketId, "returnVisit"));
        await FireTimersAsync(host, ticketId);
        await DoAsync(staff, ticketId, "returnVisit", "Satisfied", comment: "电话回访，满意");

        // The county's staff see the whole timeline (a channel sees only what the resident may see).
        var ticket = await TicketAsync(await host.ClientAsAsync(PutuoOfficer), ticketId);
        Assert.Equal("Closed", Status(ticket));
        var events = EventTypes(ticket);
        Assert.Equal("submitted", events[0]);
        Assert.Contains("notified", events);
        Assert.Contains("return_visit", events);
        var statuses = ticket.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "status_changed")
            .Select(e => e.GetProperty("data").GetProperty("to").GetString()).ToList();
        Assert.Equal(["Dispatched", "Accepted", "InService", "Delivered", "Closed"], statuses);
        Assert.All(ticket.GetProperty("tasks").EnumerateArray(), t => Assert.False(t.GetProperty("open").GetBoolean()));

        var feedback = await orderer.PostAsJsonAsync($"/api/tickets/{ticketId}/feedback", new { rating = 5, comment = "医生很耐心" });
        Assert.Equal(HttpStatusCode.Created, feedback.StatusCode);
        Assert.Equal("Closed", (await feedback.ReadOkAsync<JsonElement>()).GetProperty("ticketStatus").GetString());
    }

    [Fact]
    public async Task TheResidentsFullRecord_IsForThePeopleWorkingTheTicket_AndEveryReadIsAudited()
    {
        var phone = NewPhone();
        var order = Order();
        order["resident"] = new { name = "陈阿姨", phone };
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), order);

        var provider = await host.ClientAsAsync(HealthProvider);
        var before = await ReadsAsync();
        var record = await (await provider.GetAsync($"/api/tickets/{ticketId}/resident")).ReadOkAsync<JsonElement>();
        Assert.Equal(phone, record.GetProperty("phone").GetString());
        Assert.Equal(before + 1, await ReadsAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.ClientAsAsync(Hotline)).GetAsync($"/api/tickets/{ticketId}/resident")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await host.ClientAsAsync(DinghaiCaseworker)).GetAsync($"/api/tickets/{ticketId}/resident")).StatusCode);
        Assert.Equal(before + 1, await ReadsAsync());
    }

    private async Task<int> ReadsAsync()
    {
        return await host.SealedAuditAsync(rows => rows.CountAsync(e => e.Action == ResidentDirectory.RevealAction));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteLifecycleFacts(SqliteHost host) : LifecycleFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLifecycleFacts(PostgresHost host) : LifecycleFacts(host);
