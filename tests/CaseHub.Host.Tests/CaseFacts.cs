using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Cases;
using static CaseHub.Host.Tests.Infrastructure.CaseSetup;

namespace CaseHub.Host.Tests;

/// <summary>
/// The case activities through the HTTP API: dispatch and its fall-backs, one- and two-level approval, the
/// return visit, and a local item ordered the moment it exists. Each fact orders its own tickets (for its own
/// item and providers where it adds any), so the shared host's other tickets never get in the way.
/// </summary>
public abstract class CaseFacts(CaseHubFactory host)
{
    private const string MealDelivery = "eldercare.meal_delivery"; // needs approval; 市民政局 delivers it
    private const string ReliefItem = "relief.application_assist";
    private const string LegalAidItem = "legalaid.legal_aid";

    // ---------------------------------------------------------------- dispatch

    [Fact]
    public async Task ADecline_SendsTheTicketToTheNextContractedProvider_AndTheCountyOfficerAssignsWhenNoneIsLeft()
    {
        var code = Code(await NewLocalItemAsync(host));
        // Contracted: one serving 普陀区 (tried first) and one serving the city (second). Under notice, revoked and
        // merely applied ones serve 白沙岛 itself, so they would come first if they were eligible at all.
        var putuoTeam = await NewProviderAsync(host, ["putuo"], [code]);
        var cityTeam = await NewProviderAsync(host, ["zhoushan"], [code], home: "zhoushan");
        var applied = await NewProviderAsync(host, ["baisha"], [code], "applied");
        var notice = await NewProviderAsync(host, ["baisha"], [code], "notice");
        var revoked = await NewProviderAsync(host, ["baisha"], [code], "revoked");
        var putuoUser = await ProviderClientAsync(host, putuoTeam);
        var cityUser = await ProviderClientAsync(host, cityTeam, home: "zhoushan");
        var officer = await host.ClientAsAsync(PutuoOfficer);

        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(code));
        var ticket = await TicketAsync(officer, ticketId);
        Assert.Equal("Dispatched", Status(ticket));
        Assert.Equal(putuoTeam, ProviderOf(ticket));
        Assert.NotNull(await FindTaskAsync(putuoUser, ticketId, "dispatch"));
        Assert.Null(await FindTaskAsync(cityUser, ticketId, "dispatch"));

        // A decline needs a reason; without one nothing moves.
        var firstTask = await TaskIdAsync(putuoUser, ticketId, "dispatch");
        var errors = await ErrorsOf(await CompleteAsync(putuoUser, firstTask, "Decline"));
        Assert.True(errors.TryGetProperty("comment", out _), errors.ToString());
        Assert.Equal(putuoTeam, ProviderOf(await TicketAsync(officer, ticketId)));
        Assert.Equal(firstTask, await TaskIdAsync(putuoUser, ticketId, "dispatch"));

        await DoAsync(putuoUser, ticketId, "dispatch", "Decline", comment: "本周人手不足");
        ticket = await TicketAsync(officer, ticketId);
        Assert.Equal("Dispatched", Status(ticket));
        Assert.Equal(cityTeam, ProviderOf(ticket));
        var declined = Assert.Single(Events(ticket, "dispatch.declined"));
        Assert.Equal("本周人手不足", declined.GetProperty("data").GetProperty("reason").GetString());
        Assert.Null(await FindTaskAsync(putuoUser, ticketId, "dispatch"));
        Assert.NotNull(await FindTaskAsync(cityUser, ticketId, "dispatch"));

        // The last contracted provider declines: the county officer gets the ticket, nobody else.
        await DoAsync(cityUser, ticketId, "dispatch", "Decline", comment: "船停航");
        var county = await FindTaskAsync(officer, ticketId, "dispatch");
        Assert.NotNull(county);
        Assert.Equal(["Assign", "Close"], Outcomes(county.Value));
        Assert.Equal("putuo", county.Value.GetProperty("jurisdictionId").GetString());
        Assert.Null(ProviderOf(await TicketAsync(officer, ticketId)));
        Assert.Null(await FindTaskAsync(await host.ClientAsAsync(PutuoCaseworker), ticketId, "dispatch"));
        Assert.Null(await FindTaskAsync(cityUser, ticketId, "dispatch"));
        var countyTaskId = county.Value.GetProperty("id").GetString()!;

        // Only a contracted provider can be assigned.
        foreach (var (providerId, why) in new[] { (applied, "applied"), (notice, "notice"), (revoked, "revoked"), ("no-such-provider", "unknown") })
        {
            var problem = await ErrorsOf(await CompleteAsync(officer, countyTaskId, "Assign", data: new { providerId }));
            Assert.True(problem.TryGetProperty("data.providerId", out _), $"{why}: {problem}");
        }
        Assert.True((await ErrorsOf(await CompleteAsync(officer, countyTaskId, "Assign"))).TryGetProperty("data.providerId", out _));
        Assert.Equal(countyTaskId, (await FindTaskAsync(officer, ticketId, "dispatch"))?.GetProperty("id").GetString());

        // Assigning a contracted one (even one that declined before) gives it the dispatch task again.
        await DoAsync(officer, ticketId, "dispatch", "Assign", comment: "已电话协调", data: new { providerId = putuoTeam });
        ticket = await TicketAsync(officer, ticketId);
        Assert.Equal(putuoTeam, ProviderOf(ticket));
        Assert.Equal("Dispatched", Status(ticket));
        Assert.Null(await FindTaskAsync(officer, ticketId, "dispatch"));
        await DoAsync(putuoUser, ticketId, "dispatch", "Accept");
        Assert.Equal("InService", Status(await TicketAsync(officer, ticketId)));
        Assert.NotNull(await FindTaskAsync(putuoUser, ticketId, "delivery"));
        Assert.Null(await FindTaskAsync(cityUser, ticketId, "delivery"));
    }

    [Fact]
    public async Task TheCountyOfficer_CanCloseATicketNoProviderTakes()
    {
        var code = Code(await NewLocalItemAsync(host));
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(code));

        // Nobody delivers the new item yet: straight to the county officer.
        var ticket = await TicketAsync(officer, ticketId);
        Assert.Null(ProviderOf(ticket));
        Assert.Contains("dispatch.to_county", EventTypes(ticket));
        await DoAsync(officer, ticketId, "dispatch", "Close", comment: "居民已自行解决");

        ticket = await TicketAsync(officer, ticketId);
        // Never served, so it ends cancelled rather than closed (Dispatched → Closed is not a move the state machine has).
        Assert.Equal("Cancelled", Status(ticket));
        Assert.Empty(OpenTasks(ticket));
    }

    [Fact]
    public async Task AProviderPutUnderNotice_GetsNoNewWork()
    {
        var code = Code(await NewLocalItemAsync(host));
        var team = await NewProviderAsync(host, ["baisha"], [code]);
        var admin = await host.ClientAsAsync(Admin);
        var hotline = await host.ClientAsAsync(Hotline);
        var officer = await host.ClientAsAsync(PutuoOfficer);

        var before = await OrderAsync(hotline, Order(code));
        Assert.Equal(team, ProviderOf(await TicketAsync(officer, before)));

        (await admin.PostAsJsonAsync($"/api/providers/{team}/accreditation",
            new { action = "notice", reason = "整改 / rectify", deadline = DateTimeOffset.UtcNow.AddDays(10).ToString("O") })).EnsureSuccessStatusCode();
        var after = await OrderAsync(hotline, Order(code));
        var ticket = await TicketAsync(officer, after);
        Assert.Null(ProviderOf(ticket));
        Assert.NotNull(await FindTaskAsync(officer, after, "dispatch"));
    }

    [Fact]
    public async Task AProviderFromAnotherCounty_ServingTheIsland_SeesAndTakesItsWork()
    {
        var code = Code(await NewLocalItemAsync(host));
        var team = await NewProviderAsync(host, ["baisha"], [code], home: "dinghai");
        var worker = await ProviderClientAsync(host, team, home: "dinghai");
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(code));

        Assert.Equal(team, ProviderOf(await TicketAsync(worker, ticketId)));
        await DoAsync(worker, ticketId, "dispatch", "Accept");
        Assert.Equal("InService", Status(await TicketAsync(worker, ticketId)));
        // Its users still see nothing else of 普陀区.
        Assert.Null(await FindTaskAsync(await host.ClientAsAsync(DinghaiCaseworker), ticketId, "delivery"));
    }

    // ---------------------------------------------------------------- approval

    [Fact]
    public async Task AnApprovedOrder_IsDispatched()
    {
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(MealDelivery));
        Assert.Equal("PendingApproval", Status(await TicketAsync(caseworker, ticketId)));
        var approval = await FindTaskAsync(caseworker, ticketId, "approval");
        Assert.NotNull(approval);
        Assert.Equal(["Approved", "Rejected", "NeedsInfo"], Outcomes(approval.Value));
        // Nobody is sent out before the approval.
        Assert.Null(ProviderOf(await TicketAsync(caseworker, ticketId)));

        await DoAsync(caseworker, ticketId, "approval", "Approved", comment: "符合条件");
        var ticket = await TicketAsync(caseworker, ticketId);
        Assert.Equal("Dispatched", Status(ticket));
        Assert.Equal("zs-civil-affairs", ProviderOf(ticket));
        Assert.Equal("Approved", Assert.Single(Events(ticket, "approval")).GetProperty("data").GetProperty("outcome").GetString());
        Assert.Null(await FindTaskAsync(caseworker, ticketId, "approval"));
    }

    [Fact]
    public async Task ARejectedOrder_EndsRejectedWithNoFurtherTasks()
    {
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(MealDelivery));
        await DoAsync(caseworker, ticketId, "approval", "Rejected", comment: "不在服务范围");

        var ticket = await TicketAsync(caseworker, ticketId);
        Assert.Equal("Rejected", Status(ticket));
        Assert.Null(ProviderOf(ticket));
        Assert.Empty(OpenTasks(ticket));
        Assert.Contains("notified", EventTypes(ticket));
        Assert.Null(await FindTaskAsync(caseworker, ticketId, "approval"));
        Assert.Null(await FindTaskAsync(officer, ticketId, "dispatch"));
        var instance = await (await (await host.ClientAsAsync(Admin)).GetAsync($"/api/workflows/instances/{ticket.GetProperty("workflowInstanceId").GetString()}"))
            .ReadOkAsync<JsonElement>();
        Assert.Equal("Finished", instance.GetProperty("status").GetString());
    }

    [Fact]
    public async Task NeedsInfo_NotifiesTheResidentAndOpensTheApprovalAgain()
    {
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(MealDelivery));
        var first = await TaskIdAsync(caseworker, ticketId, "approval");
        await DoAsync(caseworker, ticketId, "approval", "NeedsInfo", comment: "请补充低保证明");

        var ticket = await TicketAsync(caseworker, ticketId);
        Assert.Equal("PendingApproval", Status(ticket));
        var notified = Assert.Single(Events(ticket, "notified"));
        Assert.Contains("补充材料", notified.GetProperty("data").GetProperty("text").GetString());
        var again = await TaskIdAsync(caseworker, ticketId, "approval");
        Assert.NotEqual(first, again);
        await (await CompleteAsync(caseworker, first, "Approved")).AssertProblemAsync(HttpStatusCode.Conflict);

        await DoAsync(caseworker, ticketId, "approval", "Approved");
        Assert.Equal("Dispatched", Status(await TicketAsync(caseworker, ticketId)));
    }

    [Fact]
    public async Task Relief_NeedsTheTownshipAndThenTheCountyOfficer()
    {
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var officer = await host.ClientAsAsync(PutuoOfficer);
        // 六横岛 lies under 六横镇, so the first approval is the township's.
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(ReliefItem, place: "liuheng"));
        var township = await FindTaskAsync(caseworker, ticketId, "approval");
        Assert.NotNull(township);
        Assert.Equal("liuheng-town", township.Value.GetProperty("jurisdictionId").GetString());
        Assert.Equal("PendingApproval", Status(await TicketAsync(caseworker, ticketId)));
        await DoAsync(caseworker, ticketId, "approval", "Approved", comment: "初审通过");

        // The second approval is the county's, for county officers only.
        Assert.Equal("PendingApproval", Status(await TicketAsync(caseworker, ticketId)));
        Assert.Null(await FindTaskAsync(caseworker, ticketId, "approval"));
        var county = await FindTaskAsync(officer, ticketId, "approval");
        Assert.NotNull(county);
        Assert.Equal("putuo", county.Value.GetProperty("jurisdictionId").GetString());
        var countyId = county.Value.GetProperty("id").GetString()!;
        await (await CompleteAsync(caseworker, countyId, "Approved")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(countyId, await TaskIdAsync(officer, ticketId, "approval"));

        await DoAsync(officer, ticketId, "approval", "Approved", comment: "审批通过");
        var ticket = await TicketAsync(officer, ticketId);
        Assert.Equal("Dispatched", Status(ticket));
        Assert.Equal(["township", "county"], Events(ticket, "approval").Select(e => e.GetProperty("data").GetProperty("level").GetString()));
        // No provider delivers this item (its source names 民政部门, which no seeded provider is), so the county officer assigns it.
        Assert.Null(ProviderOf(ticket));
        Assert.NotNull(await FindTaskAsync(officer, ticketId, "dispatch"));
    }

    [Fact]
    public async Task AReliefXItem_RunsTheReliefModulesOwnTwoLevelApproval()
    {
        var code = $"x.relief_{Guid.NewGuid():N}"[..30];
        var admin = await host.ClientAsAsync(Admin);
        var item = new
        {
            code, function = "relief", name = "台风临时救助", mode = "on_demand", scopeJurisdictionId = "putuo", needsApproval = true, slaHours = 16,
            formSchema = new { fields = new[] { new { name = "details", label = "需求说明", type = "text", required = false } } },
        };
        (await admin.PostAsJsonAsync("/api/catalog/items", item)).EnsureSuccessStatusCode();

        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(code, place: "liuheng"));
        var ticket = await TicketAsync(admin, ticketId);
        var instance = await (await admin.GetAsync($"/api/workflows/instances/{ticket.GetProperty("workflowInstanceId").GetString()}")).ReadOkAsync<JsonElement>();
        Assert.Equal("casehub.relief-approval", instance.GetProperty("definitionId").GetString());
        var township = await FindTaskAsync(await host.ClientAsAsync(PutuoCaseworker), ticketId, "approval");
        Assert.True(township is not null, "The relief workflow's first, township-level approval task was not opened.");
        Assert.Equal("liuheng-town", township.Value.GetProperty("jurisdictionId").GetString());
    }

    [Fact]
    public async Task Relief_OnAnIslandWithoutATownship_IsApprovedFirstWhereTheIslandIs()
    {
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(ReliefItem));
        var township = await FindTaskAsync(caseworker, ticketId, "approval");
        Assert.NotNull(township);
        Assert.Equal("baisha", township.Value.GetProperty("jurisdictionId").GetString());
        await DoAsync(caseworker, ticketId, "approval", "Rejected", comment: "材料不全");
        var ticket = await TicketAsync(caseworker, ticketId);
        Assert.Equal("Rejected", Status(ticket));
        Assert.Empty(OpenTasks(ticket));
    }

    [Fact]
    public async Task LegalAid_IsReviewedOnceByTheCountyOfficer()
    {
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(LegalAidItem));

        Assert.Null(await FindTaskAsync(caseworker, ticketId, "approval"));
        var review = await FindTaskAsync(officer, ticketId, "approval");
        Assert.NotNull(review);
        Assert.Equal("putuo", review.Value.GetProperty("jurisdictionId").GetString());
        await (await CompleteAsync(caseworker, review.Value.GetProperty("id").GetString()!, "Approved")).AssertProblemAsync(HttpStatusCode.Forbidden);

        await DoAsync(officer, ticketId, "approval", "Approved");
        var ticket = await TicketAsync(officer, ticketId);
        Assert.Equal("Dispatched", Status(ticket));
        Assert.Equal("county", Assert.Single(Events(ticket, "approval")).GetProperty("data").GetProperty("level").GetString());
        Assert.Null(await FindTaskAsync(officer, ticketId, "approval"));
    }

    // ---------------------------------------------------------------- return visit

    private async Task<string> DeliveredAsync(string code = HealthItem)
    {
        var provider = await host.ClientAsAsync(HealthProvider);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(code));
        await DoAsync(provider, ticketId, "dispatch", "Accept");
        await DoAsync(provider, ticketId, "delivery", "Delivered", data: new { notes = "已上门", servedBy = "王医生" });
        return ticketId;
    }

    [Fact]
    public async Task AResidentUnreachableThreeTimes_IsClosedOnTheThirdCall()
    {
        var staff = await host.ClientAsAsync(BaishaStaff);
        var ticketId = await DeliveredAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Null(await FindTaskAsync(staff, ticketId, "returnVisit"));
            await FireTimersAsync(host, ticketId);
            await DoAsync(staff, ticketId, "returnVisit", "Unreachable", comment: $"第{attempt}次无人接听");
            var ticket = await TicketAsync(staff, ticketId);
            Assert.Equal(attempt < 3 ? "Delivered" : "Closed", Status(ticket));
            Assert.Equal(attempt, Events(ticket, "return_visit").Count);
        }
        var closed = await TicketAsync(staff, ticketId);
        Assert.Empty(OpenTasks(closed));
        Assert.Equal([1, 2, 3], Events(closed, "return_visit").Select(e => e.GetProperty("data").GetProperty("attempt").GetInt32()));
    }

    [Fact]
    public async Task AnUnsatisfiedResident_ReopensTheTicketForTheCountyOfficer_WhoAssignsItAgain()
    {
        var staff = await host.ClientAsAsync(BaishaStaff);
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var provider = await host.ClientAsAsync(HealthProvider);
        var ticketId = await DeliveredAsync();
        await FireTimersAsync(host, ticketId);
        await DoAsync(staff, ticketId, "returnVisit", "Unsatisfied", comment: "医生没来");

        var ticket = await TicketAsync(officer, ticketId);
        Assert.Equal("Reopened", Status(ticket));
        var redispatch = await FindTaskAsync(officer, ticketId, "dispatch");
        Assert.NotNull(redispatch);
        Assert.Equal(["Assign", "Close"], Outcomes(redispatch.Value));
        Assert.Equal("复核重办：指派服务方", redispatch.Value.GetProperty("title").GetString());
        Assert.Null(await FindTaskAsync(provider, ticketId, "dispatch"));

        await DoAsync(officer, ticketId, "dispatch", "Assign", data: new { providerId = "zs-health" });
        Assert.Equal("Dispatched", Status(await TicketAsync(officer, ticketId)));
        // The provider is asked to take the work, not to assign it.
        var assigned = await FindTaskAsync(provider, ticketId, "dispatch");
        Assert.NotNull(assigned);
        Assert.Equal("接单确认", assigned.Value.GetProperty("title").GetString());
        await DoAsync(provider, ticketId, "dispatch", "Accept");
        await DoAsync(provider, ticketId, "delivery", "Delivered", data: new { notes = "再次上门" });
        Assert.Equal("Delivered", Status(await TicketAsync(officer, ticketId)));

        // And the station calls again.
        await FireTimersAsync(host, ticketId);
        await DoAsync(staff, ticketId, "returnVisit", "Satisfied");
        ticket = await TicketAsync(officer, ticketId);
        Assert.Equal("Closed", Status(ticket));
        Assert.Equal(["Unsatisfied", "Satisfied"], Events(ticket, "return_visit").Select(e => e.GetProperty("data").GetProperty("outcome").GetString()));
    }

    // ---------------------------------------------------------------- local item at run time

    [Fact]
    public async Task ALocalItemCreatedAtRunTime_IsOrderedDispatchedDeliveredAndClosed_OnTheVersionItWasOrderedAt()
    {
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var item = await NewLocalItemAsync(host);
        var code = Code(item);
        // The county names who delivers it in 普陀区; that provider has no service link to the item at all.
        var team = await NewProviderAsync(host, ["putuo"], []);
        var overridden = await (await officer.PutAsJsonAsync($"/api/catalog/items/{code}/overrides/putuo", new { providerId = team })).ReadOkAsync<JsonElement>();
        Assert.Equal(team, overridden.GetProperty("providerId").GetString());
        var version = overridden.GetProperty("version").GetInt32();
        var teamUser = await ProviderClientAsync(host, team);

        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order(code));
        var ticket = await TicketAsync(officer, ticketId);
        Assert.Equal(code, ticket.GetProperty("serviceCode").GetString());
        Assert.Equal(version, ticket.GetProperty("itemVersion").GetInt32());
        Assert.Equal(team, ProviderOf(ticket));

        // The item changes while the ticket is under way; the ticket keeps the version it was ordered at.
        var changed = await (await officer.PutAsJsonAsync($"/api/catalog/items/{code}/overrides/putuo", new { slaHours = 40 })).ReadOkAsync<JsonElement>();
        Assert.True(changed.GetProperty("version").GetInt32() > version);

        await DoAsync(teamUser, ticketId, "dispatch", "Accept");
        await DoAsync(teamUser, ticketId, "delivery", "Delivered", data: new { notes = "已测血糖", servedAt = DateTimeOffset.Now.ToString("O") });
        await FireTimersAsync(host, ticketId);
        await DoAsync(await host.ClientAsAsync(BaishaStaff), ticketId, "returnVisit", "Satisfied");

        ticket = await TicketAsync(officer, ticketId);
        Assert.Equal("Closed", Status(ticket));
        Assert.Equal(version, ticket.GetProperty("itemVersion").GetInt32());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCaseFacts(SqliteHost host) : CaseFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCaseFacts(PostgresHost host) : CaseFacts(host);
