using CaseHub.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static CaseHub.Browser.Tests.Infrastructure.Pages;

namespace CaseHub.Browser.Tests;

/// <summary>The resident at 白沙岛's kiosk (signed in once as a channel), in elderly mode.</summary>
[Collection(SqliteJourneys.Name)]
public sealed class KioskJourney(SqliteJourney journey)
{
    [Theory]
    [InlineData(1024, 768)]
    [InlineData(375, 812)]
    public async Task AResident_OrdersAtTheKiosk_WithErrorsExplainedInChinese_AndGetsTheTicketNumber(int width, int height)
    {
        var (code, name) = await StationApi.EveryFieldItemAsync(journey.BaseUrl);
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl, width, height);
        await SignInAsync(page, Hotline, returnUrl: "/kiosk?station=baisha-station");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "您需要什么服务？" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ElderlyFigures.AssertAsync(page);
        await Chromium.ScreenshotAsync(page, "kiosk-tiles");

        await page.Locator($"[data-service='{code}']").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        await ElderlyFigures.AssertAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "确认下单" }).ClickAsync();
        await Assertions.Expect(page.Locator("#f-need-error")).ToContainTextAsync("请填写“需要做什么”");
        await page.GetByLabel("需要做什么").FillAsync("帮我剪个头发");
        await page.GetByLabel("到驿站").CheckAsync();
        await page.GetByLabel("您的姓名").FillAsync("林阿婆");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认下单" }).ClickAsync();
        await Assertions.Expect(page.Locator("#r-phone-error")).ToContainTextAsync("手机号码无效");
        // What was typed is still there after the refusal: nothing has to be entered twice.
        await Assertions.Expect(page.GetByLabel("需要做什么")).ToHaveValueAsync("帮我剪个头发");
        await AssertAccessibleAsync(page);
        await ElderlyFigures.AssertAsync(page);
        await Chromium.ScreenshotAsync(page, "kiosk-form-errors");
        Assert.Equal(0, await StationApi.TicketCountAsync(journey.Host.Services, code));

        await page.GetByLabel("您的手机号").FillAsync(StationApi.NewPhone());
        await page.GetByRole(AriaRole.Button, new() { Name = "确认下单" }).DblClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "下单成功" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-ticket-number]")).ToContainTextAsync("ZS-");
        await AssertAccessibleAsync(page);
        await ElderlyFigures.AssertAsync(page);
        await Chromium.ScreenshotAsync(page, "kiosk-done");
        Assert.Equal(1, await StationApi.TicketCountAsync(journey.Host.Services, code));
    }

    [Theory]
    [InlineData("/kiosk")]
    [InlineData("/kiosk?station=no-such-station")]
    public async Task AKioskWithoutItsStation_AsksTheStaffToSetItsAddress(string address)
    {
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl, 1024, 768);
        await SignInAsync(page, Hotline);
        var response = await page.GotoAsync(address);
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("还没有设置所在驿站");
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "kiosk-unset");
    }
}
