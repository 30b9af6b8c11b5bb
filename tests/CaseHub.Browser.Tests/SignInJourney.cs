using CaseHub.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static CaseHub.Browser.Tests.Infrastructure.Pages;

namespace CaseHub.Browser.Tests;

[Collection(SqliteJourneys.Name)]
public sealed class SignInJourney(SqliteJourney journey)
{
    [Fact]
    public async Task AWrongPassword_ShowsTheErrorInChinese_ThenTheRightOneLandsOnMyWork()
    {
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, PutuoCaseworker, "not-the-password");
        Assert.Contains("/account/login", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("账号或密码错误");
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "login-wrong-password");

        await SignInAsync(page, PutuoCaseworker);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的工作" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "我的任务" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "landing-signed-in");
    }

    [Fact]
    public async Task TheEnglishSwitch_IsRemembered_AndTheWorkPagesSpeakEnglish()
    {
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, PutuoCaseworker);
        await page.GotoAsync("/tasks?lang=en");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        // No ?lang= on these addresses: the cookie the switch set carries the choice.
        foreach (var (path, heading) in new[] { ("/tasks", "My tasks"), ("/tickets", "Tickets") })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" }).GetByRole(AriaRole.Link, new() { Name = "中文" })).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
        }
        await Chromium.ScreenshotAsync(page, "tickets-english");

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("工单");
    }

    [Fact]
    public async Task AnUnknownAddress_ShowsTheFriendly404Page()
    {
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        var response = await page.GotoAsync("/no-such-page");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("找不到此页面或记录");
        await AssertAccessibleAsync(page);
    }
}
