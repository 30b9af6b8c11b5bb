using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Cases;
using static CaseHub.Host.Tests.Infrastructure.CaseSetup;

namespace CaseHub.Host.Tests;

/// <summary><c>POST /api/tickets/{id}/feedback</c>: who may rate, when, what, and a low rating reopening the ticket.</summary>
public abstract class FeedbackFacts(CaseHubFactory host)
{
    private static Task<HttpResponseMessage> RateAsync(HttpClient client, string ticketId, object body) =>
        client.PostAsJsonAsync($"/api/tickets/{ticketId}/feedback", body);

    private async Task<string> ClosedAsync(string place = "baisha")
    {
        var provider = await host.ClientAsAsync(HealthProvider);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(place: place));
        await DoAsync(provider, ticketId, "dispatch", "Accept");
        await DoAsync(provider, ticketId, "delivery", "Delivered", data: new { notes = "已完成" });
        await FireTimersAsync(host, ticketId);
        await DoAsync(await host.ClientAsAsync(place == "baisha" ? BaishaStaff : PutuoCaseworker), ticketId, "returnVisit", "Satisfied");
        Assert.Equal("Closed", Status(await TicketAsync(provider, ticketId)));
        return ticketId;
    }

    [Fact]
    public async Task BeforeDelivery_Returns409()
    {
        var hotline = await host.ClientAsAsync(Hotline);
        var ticketId = await OrderAsync(hotline, Order());
        await (await RateAsync(hotline, ticketId, new { rating = 5 })).AssertProblemAsync(HttpStatusCode.Conflict);
        await DoAsync(await host.ClientAsAsync(HealthProvider), ticketId, "dispatch", "Accept");
        await (await RateAsync(await host.ClientAsAsync(BaishaStaff), ticketId, new { rating = 4 })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.DoesNotContain("feedback", EventTypes(await TicketAsync(hotline, ticketId)));
    }

    [Fact]
    public async Task ARatingOutsideOneToFive_Returns400NamingRating()
    {
        var hotline = await host.ClientAsAsync(Hotline);
        var ticketId = await ClosedAsync();
        foreach (var body in new object[] { new { rating = 0 }, new { rating = 6 }, new { rating = -1 }, new { comment = "没有分数" } })
        {
            var errors = await ErrorsOf(await RateAsync(hotline, ticketId, body));
            Assert.True(errors.TryGetProperty("rating", out _), $"{JsonSerializer.Serialize(body)}: {errors}");
        }
        // A fraction or text is not a rating either, and never a 500.
        foreach (var raw in new[] { """{"rating":4.5}""", """{"rating":"five"}""" })
            await (await hotline.PostAsync($"/api/tickets/{ticketId}/feedback", Http.Json(raw))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("feedback", EventTypes(await TicketAsync(hotline, ticketId)));
        // The ticket can still be rated once properly.
        Assert.Equal(HttpStatusCode.Created, (await RateAsync(hotline, ticketId, new { rating = 5 })).StatusCode);
    }

    [Fact]
    public async Task OnlyChannelsAndTheStationRate_OthersGet403()
    {
        var ticketId = await ClosedAsync();
        foreach (var email in new[] { PutuoCaseworker, PutuoOfficer, HealthProvider, Admin })
            await (await RateAsync(await host.ClientAsAsync(email), ticketId, new { rating = 5 })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var staff = await RateAsync(await host.ClientAsAsync(BaishaStaff), ticketId, new { rating = 4, comment = "电话里说满意" });
        Assert.Equal(HttpStatusCode.Created, staff.StatusCode);
    }

    [Fact]
    public async Task ATicketOutsideTheCallersJurisdiction_Returns404()
    {
        // A 定海区 (长白岛) ticket, delivered: the 白沙岛 station's staff cannot see it, so it does not exist for them.
        var provider = await host.ClientAsAsync(HealthProvider);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(place: "changbai"));
        await DoAsync(provider, ticketId, "dispatch", "Accept");
        await DoAsync(provider, ticketId, "delivery", "Delivered");
        await (await RateAsync(await host.ClientAsAsync(BaishaStaff), ticketId, new { rating = 5 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RateAsync(await host.ClientAsAsync(Hotline), Guid.NewGuid().ToString(), new { rating = 5 })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ALowRatingOnAClosedTicket_ReopensItForTheCountyOfficer()
    {
        var hotline = await host.ClientAsAsync(Hotline);
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var admin = await host.ClientAsAsync(Admin);
        var ticketId = await ClosedAsync();
        var oldInstance = (await TicketAsync(officer, ticketId)).GetProperty("workflowInstanceId").GetString()!;

        var response = await RateAsync(hotline, ticketId, new { rating = 2, comment = "医生态度不好" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Reopened", (await response.ReadOkAsync<JsonElement>()).GetProperty("ticketStatus").GetString());

        var ticket = await TicketAsync(officer, ticketId);
        Assert.Equal("Reopened", Status(ticket));
        var newInstance = ticket.GetProperty("workflowInstanceId").GetString()!;
        Assert.NotEqual(oldInstance, newInstance);
        var old = await (await admin.GetAsync($"/api/workflows/instances/{oldInstance}")).ReadOkAsync<JsonElement>();
        Assert.DoesNotContain(old.GetProperty("status").GetString(), new[] { "Running", "Suspended" });
        var reopen = await (await admin.GetAsync($"/api/workflows/instances/{newInstance}")).ReadOkAsync<JsonElement>();
        Assert.Equal("casehub.reopen", reopen.GetProperty("definitionId").GetString());

        var task = await FindTaskAsync(officer, ticketId, "dispatch");
        Assert.NotNull(task);
        Assert.Equal(["Assign", "Close"], Outcomes(task.Value));
        Assert.Equal(2, Assert.Single(Events(ticket, "feedback")).GetProperty("data").GetProperty("rating").GetInt32());

        // The delivery has its rating; another one is a conflict.
        await (await RateAsync(hotline, ticketId, new { rating = 1 })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ALowRatingWhileTheReturnVisitIsPending_CancelsThatWorkflow()
    {
        var hotline = await host.ClientAsAsync(Hotline);
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var provider = await host.ClientAsAsync(HealthProvider);
        var ticketId = await OrderAsync(hotline, Order());
        await DoAsync(provider, ticketId, "dispatch", "Accept");
        await DoAsync(provider, ticketId, "delivery", "Delivered");
        var oldInstance = (await TicketAsync(officer, ticketId)).GetProperty("workflowInstanceId").GetString()!;

        Assert.Equal(HttpStatusCode.Created, (await RateAsync(hotline, ticketId, new { rating = 1 })).StatusCode);
        var old = await (await (await host.ClientAsAsync(Admin)).GetAsync($"/api/workflows/instances/{oldInstance}")).ReadOkAsync<JsonElement>();
        Assert.Equal("Cancelled", old.GetProperty("status").GetString());
        Assert.Empty(old.GetProperty("bookmarks").EnumerateArray());
        Assert.NotNull(await FindTaskAsync(officer, ticketId, "dispatch"));
        Assert.Null(await FindTaskAsync(await host.ClientAsAsync(BaishaStaff), ticketId, "returnVisit"));
    }

    [Fact]
    public async Task TwoLowRatingsAtOnce_ReopenTheTicketOnce()
    {
        var hotline = await host.ClientAsAsync(Hotline);
        var staff = await host.ClientAsAsync(BaishaStaff);
        var ticketId = await ClosedAsync();

        var responses = await Task.WhenAll(RateAsync(hotline, ticketId, new { rating = 1 }), RateAsync(staff, ticketId, new { rating = 2 }));
        var codes = responses.Select(r => (int)r.StatusCode).Order().ToList();
        Assert.True(codes.SequenceEqual([201, 409]), $"Expected one 201 and one 409, got {string.Join(", ", codes)}: "
            + string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
        var ticket = await TicketAsync(await host.ClientAsAsync(PutuoOfficer), ticketId);
        Assert.Equal("Reopened", Status(ticket));
        Assert.Single(Events(ticket, "feedback"));
        Assert.Single(OpenTasks(ticket));
    }

    [Fact]
    public async Task ASecondRatingForTheSameDelivery_Returns409()
    {
        var hotline = await host.ClientAsAsync(Hotline);
        var ticketId = await ClosedAsync();
        var first = await RateAsync(hotline, ticketId, new { rating = 4 });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("Closed", (await first.ReadOkAsync<JsonElement>()).GetProperty("ticketStatus").GetString());
        await (await RateAsync(hotline, ticketId, new { rating = 5 })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await RateAsync(await host.ClientAsAsync(BaishaStaff), ticketId, new { rating = 1 })).AssertProblemAsync(HttpStatusCode.Conflict);
        var ticket = await TicketAsync(hotline, ticketId);
        Assert.Equal("Closed", Status(ticket));
        Assert.Single(Events(ticket, "feedback"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFeedbackFacts(SqliteHost host) : FeedbackFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFeedbackFacts(PostgresHost host) : FeedbackFacts(host);
