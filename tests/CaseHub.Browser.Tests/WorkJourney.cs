using CaseHub.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static CaseHub.Browser.Tests.Infrastructure.Pages;

namespace CaseHub.Browser.Tests;

/// <summary>The work pages: a hotline order approved, accepted, delivered and called back through /tasks and the ticket page.</summary>
public abstract class WorkJourney(Journey journey)
{
    // Both databases run at once: their screenshots must not write the same file.
    private Task ShotAsync(IPage page, string name) => Chromium.ScreenshotAsync(page, journey is PostgresJourney ? $"{name}-postgres" : name);

    private async Task<IPage> AsAsync(string email)
    {
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, email);
        return page;
    }

    [Fact]
    public async Task AHotlineOrder_IsApprovedAcceptedDeliveredAndCalledBack_InTheBrowser_AndEndsClosed()
    {
        var code = await ApiOrders.ApprovalItemForHealthAsync(journey.BaseUrl);
        var (id, number) = await ApiOrders.HotlineOrderAsync(journey.BaseUrl, code);

        // The caseworker finds the approval on /tasks and approves it on the ticket page.
        var caseworker = await AsAsync(PutuoCaseworker);
        await caseworker.GotoAsync("/tasks");
        var row = caseworker.Locator("tr", new() { HasText = number });
        await Assertions.Expect(row).ToContainTextAsync("审核");
        await AssertAccessibleAsync(caseworker);
        await ShotAsync(caseworker, "tasks-caseworker");
        await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Assertions.Expect(caseworker.Locator("dd", new() { HasText = "高血压，想请医生上门复查" })).ToBeVisibleAsync();
        await Assertions.Expect(caseworker.Locator("dt", new() { HasText = "需求说明" })).ToBeVisibleAsync();
        await Assertions.Expect(caseworker.Locator("[data-clock]")).ToContainTextAsync("工作时间");
        await AssertAccessibleAsync(caseworker);
        await ShotAsync(caseworker, "ticket-approval");
        await caseworker.Locator("[data-outcome=Approved]").ClickAsync();
        await Assertions.Expect(caseworker.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交");

        // The provider's nurse: a decline without a reason is refused beside the field, and nothing moves.
        var nurse = await AsAsync(HealthProvider);
        await nurse.GotoAsync("/tasks");
        await nurse.Locator("tr", new() { HasText = number }).GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await nurse.Locator("[data-outcome=Decline]").ClickAsync();
        await Assertions.Expect(nurse.Locator(".ch-field-error", new() { HasText = "拒单须说明原因" })).ToBeVisibleAsync();
        Assert.Equal("Dispatched", (await ApiOrders.TicketAsync(journey.BaseUrl, PutuoOfficer, id)).GetProperty("status").GetString());
        await AssertAccessibleAsync(nurse);
        await ShotAsync(nurse, "ticket-decline-without-reason");
        await nurse.Locator("[data-outcome=Accept]").ClickAsync();
        await Assertions.Expect(nurse.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交");

        // The resident's full record goes through the audited read.
        await nurse.GetByRole(AriaRole.Button, new() { Name = "查看完整信息" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#resident")).ToContainTextAsync("此次查看已记入审计日志");

        // A delivery without its time is refused beside the field; then recorded.
        var events = (await ApiOrders.TicketAsync(journey.BaseUrl, PutuoOfficer, id)).GetProperty("events").GetArrayLength();
        await nurse.GetByLabel("服务记录").FillAsync("上门测量血压，调整用药");
        await nurse.GetByLabel("服务时间").FillAsync("");
        await nurse.Locator("[data-outcome=Delivered]").ClickAsync();
        await Assertions.Expect(nurse.Locator(".ch-field-error", new() { HasText = "请填写服务时间" })).ToBeVisibleAsync();
        var unchanged = await ApiOrders.TicketAsync(journey.BaseUrl, PutuoOfficer, id);
        Assert.Equal("InService", unchanged.GetProperty("status").GetString());
        Assert.Equal(events, unchanged.GetProperty("events").GetArrayLength());
        await ShotAsync(nurse, "ticket-delivery-without-time");
        await nurse.GetByLabel("服务时间").FillAsync(DateTime.UtcNow.AddHours(8).AddMinutes(-30).ToString("yyyy-MM-ddTHH:mm"));
        await nurse.GetByLabel("服务人员").FillAsync("王医生");
        await nurse.Locator("[data-outcome=Delivered]").ClickAsync();
        await Assertions.Expect(nurse.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交");

        // The next working day the station calls the resident back.
        await ApiOrders.FireTimersAsync(journey.Host, id);
        var staff = await AsAsync(BaishaStaff);
        await staff.GotoAsync("/tasks?kind=returnVisit");
        await staff.Locator("tr", new() { HasText = number }).GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await staff.GetByLabel("回访记录").FillAsync("居民表示满意");
        await staff.Locator("[data-outcome=Satisfied]").ClickAsync();
        await Assertions.Expect(staff.Locator(".wk-status")).ToHaveTextAsync("已办结");
        foreach (var step in new[] { "受理工单", "审核", "服务方拒单", "回访" })
            if (step != "服务方拒单") await Assertions.Expect(staff.Locator("#timeline")).ToContainTextAsync(step);
        await Assertions.Expect(staff.Locator("#timeline")).ToContainTextAsync("上门测量血压，调整用药");
        await AssertAccessibleAsync(staff);
        await ShotAsync(staff, "ticket-closed");
        Assert.Equal("Closed", (await ApiOrders.TicketAsync(journey.BaseUrl, PutuoOfficer, id)).GetProperty("status").GetString());

        // The list finds it by number and by the phone's last four digits, masked.
        await caseworker.GotoAsync($"/tickets?q={number}");
        await Assertions.Expect(caseworker.Locator("tbody tr")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(caseworker);
        await ShotAsync(caseworker, "tickets-search");
    }

    [Fact]
    public async Task ADinghaiCaseworker_SeesNoPutuoTicketOrTaskAnywhere()
    {
        var code = await ApiOrders.ApprovalItemForHealthAsync(journey.BaseUrl);
        var (id, number) = await ApiOrders.HotlineOrderAsync(journey.BaseUrl, code);
        var dinghai = await AsAsync(DinghaiCaseworker);

        await dinghai.GotoAsync("/tasks");
        await Assertions.Expect(dinghai.Locator("#task-list")).Not.ToContainTextAsync(number);
        await AssertAccessibleAsync(dinghai);
        await ShotAsync(dinghai, "tasks-dinghai");
        await dinghai.GotoAsync("/tickets");
        await Assertions.Expect(dinghai.Locator("main")).Not.ToContainTextAsync(number);
        await AssertAccessibleAsync(dinghai);
        await dinghai.GotoAsync($"/tickets?q={number}");
        await Assertions.Expect(dinghai.Locator("main")).ToContainTextAsync("没有符合条件的工单");
        var direct = await dinghai.GotoAsync($"/tickets/{id}");
        Assert.Equal(404, direct!.Status);
        await Assertions.Expect(dinghai.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("找不到此页面或记录");
    }
}

[Collection(SqliteJourneys.Name)]
public sealed class SqliteWorkJourney(SqliteJourney journey) : WorkJourney(journey);

/// <summary>The whole loop and the county boundary on the real server too.</summary>
[Collection(PostgresJourneys.Name)]
public sealed class PostgresWorkJourney(PostgresJourney journey) : WorkJourney(journey);
