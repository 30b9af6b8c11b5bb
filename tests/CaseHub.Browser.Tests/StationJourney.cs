using CaseHub.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static CaseHub.Browser.Tests.Infrastructure.Pages;

namespace CaseHub.Browser.Tests;

/// <summary>白沙岛's station worker: ordering for a resident without a smartphone, and the return-visit calls.</summary>
[Collection(SqliteJourneys.Name)]
public sealed class StationJourney(SqliteJourney journey)
{
    [Theory]
    [InlineData(1024, 768)]
    [InlineData(375, 812)]
    public async Task StationStaff_OrderForANewResident_BadInputIsExplainedInChinese_AndADoubleTapMakesOneTicket(int width, int height)
    {
        var (code, name) = await StationApi.EveryFieldItemAsync(journey.BaseUrl);
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl, width, height);
        await SignInAsync(page, BaishaStaff, returnUrl: "/station");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "驿站今日", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "station-day");

        await page.GetByRole(AriaRole.Link, new() { Name = "开始代下单" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "station-order-tiles");
        await page.Locator($"[data-service='{code}']").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);

        // Nothing filled in: the item's required fields are named in Chinese, and nothing is stored.
        await page.GetByRole(AriaRole.Button, new() { Name = "确认下单" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("需要修改");
        await Assertions.Expect(page.Locator("#f-need-error")).ToContainTextAsync("请填写“需要做什么”");
        await Assertions.Expect(page.Locator("#f-place-error")).ToContainTextAsync("请填写“在哪里服务”");
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "station-order-errors");

        // A bad phone, then a number nobody has: the lookup says so, and the order creates the resident.
        await page.GetByLabel("需要做什么").FillAsync("给卧床的老伴理发");
        await page.GetByLabel("几位老人").FillAsync("两位");
        await page.GetByLabel("到家里").CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "是否卧床" }).GetByLabel("是").CheckAsync();
        await page.GetByLabel("居民手机号").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认下单" }).ClickAsync();
        await Assertions.Expect(page.Locator("#f-people-error")).ToContainTextAsync("须为数字");
        await page.GetByLabel("几位老人").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认下单" }).ClickAsync();
        await Assertions.Expect(page.Locator("#r-phone-error")).ToContainTextAsync("手机号码无效");
        Assert.Equal(0, await StationApi.TicketCountAsync(journey.Host.Services, code));

        var phone = StationApi.NewPhone();
        await page.GetByLabel("居民手机号").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "按电话查找居民" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("没有找到这个号码");
        await page.GetByLabel("居民姓名").FillAsync("陈阿公");
        await page.GetByLabel("希望哪天来").FillAsync(DateTime.Today.AddDays(2).ToString("yyyy-MM-dd"));
        await Assertions.Expect(page.GetByLabel("代办人姓名")).ToHaveValueAsync("白沙岛驿站工作人员");
        await page.GetByLabel("与居民的关系").FillAsync("邻居");
        // Close the relation's suggestion list, as a finger tapping elsewhere would, so the double tap lands on 确认.
        await page.GetByLabel("与居民的关系").PressAsync("Escape");
        await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).ClickAsync();
        await Chromium.ScreenshotAsync(page, "station-order-form");

        // A double tap on 确认: both posts carry the key the form was rendered with, so there is one ticket.
        await page.GetByRole(AriaRole.Button, new() { Name = "确认下单" }).DblClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "下单成功" })).ToBeVisibleAsync();
        var number = (await page.Locator("[data-ticket-number]").InnerTextAsync()).Trim();
        Assert.StartsWith("ZS", number);
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "station-order-done");
        Assert.Equal(1, await StationApi.TicketCountAsync(journey.Host.Services, code));

        // The confirmation is a page of its own (post, then redirect): reloading it orders nothing more.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-ticket-number]")).ToHaveTextAsync(number);
        Assert.Equal(1, await StationApi.TicketCountAsync(journey.Host.Services, code));

        // The island's list shows it; the resident is now known by phone.
        await page.GotoAsync("/station");
        await Assertions.Expect(page.Locator($"[data-ticket='{number}']")).ToContainTextAsync("陈阿公");
    }

    [Fact]
    public async Task TheStationWorker_CallsTheResidentAndRecordsSatisfied_WithOneTap()
    {
        var (id, number, phone) = await StationApi.TicketAwaitingReturnVisitAsync(journey.BaseUrl, journey.Host.Services);
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, BaishaStaff, returnUrl: "/station");
        var call = page.Locator($"li.st-call[data-ticket='{number}']");
        // Their own call: the full number, one tap from the phone app (the read is audited).
        await Assertions.Expect(call.GetByRole(AriaRole.Link, new() { Name = $"拨打 {phone}" })).ToHaveAttributeAsync("href", $"tel:{phone}");
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "station-return-visit");

        await call.Locator("[data-outcome='Satisfied']").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(number);
        await Assertions.Expect(page.Locator($"li.st-call[data-ticket='{number}']")).ToHaveCountAsync(0);
        Assert.Equal("Closed", await StationApi.StatusAsync(journey.BaseUrl, id));
        await Chromium.ScreenshotAsync(page, "station-return-visit-done");
    }
}
