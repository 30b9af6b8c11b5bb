using System.Text.RegularExpressions;
using CaseHub.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static CaseHub.Browser.Tests.Infrastructure.Pages;

namespace CaseHub.Browser.Tests;

[Collection(SqliteJourneys.Name)]
public sealed class DashboardJourney(SqliteJourney journey)
{
    [Fact]
    public async Task TheAdministrator_ReadsTheCityFigures_AsChartsWithTableViews_AndExportsThem()
    {
        await DashboardHistory.SeedAsync(journey.Host.Services);
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, Admin, returnUrl: "/dashboard");
        Assert.EndsWith("/dashboard", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("统计看板");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "统计看板" })).ToHaveAttributeAsync("aria-current", "page");

        // Five charts drawn by ECharts, and the satisfaction ranking as a table with the provider below the minimum marked and last.
        foreach (var chart in new[] { "hot", "kpis", "coverage", "channels", "weekly" })
            await Assertions.Expect(page.Locator($"[data-chart={chart}] svg")).ToHaveCountAsync(1);
        var ranking = page.Locator("#satisfaction-table tbody tr");
        await Assertions.Expect(ranking.Last).ToHaveAttributeAsync("data-key", DashboardHistory.FewRatings);
        await Assertions.Expect(ranking.Last).ToContainTextAsync("样本不足");

        // The KPI chart's table view: every county of the city, with the columns its export writes.
        var kpis = page.Locator("[data-view=kpis]");
        await kpis.Locator("summary", new() { HasText = "表格视图" }).ClickAsync();
        await Assertions.Expect(page.Locator("#kpi-table tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#kpi-table thead")).ToContainTextAsync("按时办结率");
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "dashboard-admin");

        // The export link is the table as a file: CSV with a byte-order mark and the same Chinese header.
        var link = await kpis.GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href");
        var file = await page.Context.APIRequest.GetAsync(journey.BaseUrl + link);
        Assert.Equal(200, file.Status);
        var bytes = await file.BodyAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("名称,编码,下单数,办结数", System.Text.Encoding.UTF8.GetString(bytes[3..]));
        var xlsx = await page.Context.APIRequest.GetAsync(journey.BaseUrl + await kpis.GetByRole(AriaRole.Link, new() { Name = "Excel (XLSX)" }).GetAttributeAsync("href"));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Headers["content-type"]);
    }

    [Fact]
    public async Task TheCountyOfficer_OnAPhone_SeesTheirCountyOnly_AndABackwardsPeriodIsAFieldError()
    {
        await DashboardHistory.SeedAsync(journey.Host.Services);
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl, 375, 812);
        await SignInAsync(page, PutuoOfficer, returnUrl: "/dashboard");
        await Assertions.Expect(page.Locator("[data-chart=kpis] svg")).ToHaveCountAsync(1);
        await page.Locator("[data-view=kpis]").Locator("summary", new() { HasText = "表格视图" }).ClickAsync();
        await Assertions.Expect(page.Locator("#kpi-table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#kpi-table tbody")).ToContainTextAsync("普陀区");
        await page.Locator("[data-view=coverage]").Locator("summary", new() { HasText = "表格视图" }).ClickAsync();
        await Assertions.Expect(page.Locator("#coverage-table tbody")).Not.ToContainTextAsync("长白岛");
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "dashboard-putuo");

        await page.GotoAsync("/dashboard?from=2026-12-05&to=2026-12-01");
        await Assertions.Expect(page.Locator("#to-error")).ToHaveTextAsync("结束日期不能早于开始日期");
        await Assertions.Expect(page.Locator("[data-chart]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ACaseworker_OpeningTheDashboard_GetsTheFriendly403Page()
    {
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, PutuoCaseworker);
        var response = await page.GotoAsync("/dashboard");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "统计看板" })).ToHaveCountAsync(0);
    }
}
