using CaseHub.Browser.Tests.Infrastructure;
using CaseHub.Core.Data;
using CaseHub.Core.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static CaseHub.Browser.Tests.Infrastructure.Pages;

namespace CaseHub.Browser.Tests;

[Collection(SqliteJourneys.Name)]
public sealed class VisitsJourney(SqliteJourney journey)
{
    [Fact]
    public async Task TheCountyOfficer_PlansAVisit_ReadsItsCronInChinese_CancelsAVisit_AndPairsADepartment()
    {
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, PutuoOfficer, returnUrl: "/visits");
        Assert.EndsWith("/visits", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("上岛走访");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "上岛走访" }))
            .ToHaveAttributeAsync("aria-current", "page");

        // The editor reads the cron as it is typed; a wrong one is refused beside the field, in Chinese.
        var editor = page.Locator("#plans form");
        await editor.GetByLabel("服务事项").SelectOptionAsync("health.public_health");
        await editor.GetByLabel("海岛").SelectOptionAsync("baisha");
        await editor.GetByLabel("服务方").SelectOptionAsync("zs-health");
        await editor.GetByLabel("周期（cron：分 时 日 月 周）").FillAsync("0 9 * *");
        await Assertions.Expect(page.Locator("#cron-preview")).ToContainTextAsync("须为 5 段 cron");
        await editor.GetByLabel("周期（cron：分 时 日 月 周）").FillAsync("0 9 * * 2#1");
        await Assertions.Expect(page.Locator("#cron-preview")).ToContainTextAsync("每月第一个周二 09:00");
        await Assertions.Expect(page.Locator("#cron-preview li")).ToHaveCountAsync(5);
        await editor.GetByLabel("海岛").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "制定计划" }).ClickAsync();
        await Assertions.Expect(page.Locator("#jurisdictionId-error")).ToHaveTextAsync("请指定海岛");
        await editor.GetByLabel("海岛").SelectOptionAsync("baisha");
        await page.GetByRole(AriaRole.Button, new() { Name = "制定计划" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已制定走访计划");
        await Assertions.Expect(page.Locator("#plans tbody tr")).ToContainTextAsync(["每月第一个周二 09:00"]);

        // A daily plan that has been running three days, so the month has visits to show.
        var daily = await DailyPlanWithVisitsAsync(3);
        await page.GotoAsync("/visits");
        var scheduled = page.Locator($"#visits li[data-visit-status=\"Scheduled\"]");
        await Assertions.Expect(scheduled).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".vs-calendar[data-island=\"baisha\"] .vs-visit[data-visit-status=\"Scheduled\"]")).ToHaveCountAsync(3);
        await AssertAccessibleAsync(page);

        // Cancel one: a reason is needed; with it, the visit moves and the calendar shows both.
        var first = scheduled.First;
        await first.Locator("summary").ClickAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "取消并改期" }).ClickAsync();
        await Assertions.Expect(page.Locator("#visits .ch-field-error").Filter(new() { HasText = "请填写取消原因" })).ToHaveCountAsync(1);
        var refused = page.Locator("#visits li[data-visit-status=\"Scheduled\"] details[open]");
        await refused.GetByLabel("取消原因").FillAsync("大风，渡轮停航");
        await refused.GetByRole(AriaRole.Button, new() { Name = "取消并改期" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已取消并改期至");
        await Assertions.Expect(page.Locator("#visits li[data-visit-status=\"Rescheduled\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#visits li[data-visit-status=\"Rescheduled\"]")).ToContainTextAsync("大风，渡轮停航");

        // The days passed unrecorded become missed; one was recorded done.
        await using (var scope = journey.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            var last = await db.Set<Visit>().Where(v => v.PlanId == daily && v.Status == VisitStatus.Scheduled).OrderByDescending(v => v.ScheduledFor).FirstAsync();
            await db.Set<Visit>().Where(v => v.Id == last.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, VisitStatus.Done).SetProperty(v => v.ResidentsServed, 12));
            await scope.ServiceProvider.GetRequiredService<VisitMoves>().MarkMissedAsync();
        }

        // Pair 市卫健委 with 白沙岛: the month's coverage says how far it has come.
        await page.GotoAsync("/visits");
        var pairing = page.Locator("#pairings form");
        await pairing.GetByLabel("职能部门").SelectOptionAsync("zs-health");
        await pairing.GetByLabel("海岛").SelectOptionAsync("baisha");
        await pairing.GetByLabel("每月上岛次数").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "设立结对" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已设立结对");
        await Assertions.Expect(page.Locator("#coverage tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#coverage tbody tr")).ToContainTextAsync("未达标");
        await Assertions.Expect(page.Locator(".vs-calendar .vs-visit[data-visit-status=\"Done\"]")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "visits");

        var phone = await journey.Chromium.NewPageAsync(journey.BaseUrl, 375, 812);
        await SignInAsync(phone, BaishaStaff, returnUrl: "/visits");
        await Assertions.Expect(phone.Locator(".vs-calendar[data-island=\"baisha\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(phone.Locator("#plans form")).ToHaveCountAsync(0); // station staff see their island's plans, they do not plan
        await AssertAccessibleAsync(phone);
        await Chromium.ScreenshotAsync(phone, "visits-station");
    }

    /// <summary>A daily 09:00 plan for 白沙岛 whose mark is set back <paramref name="days"/> days, caught up: that many visits.</summary>
    private async Task<Guid> DailyPlanWithVisitsAsync(int days)
    {
        await using var scope = journey.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var now = DateTimeOffset.UtcNow;
        var plan = new VisitPlan
        {
            ServiceCode = "health.public_health", JurisdictionId = "baisha", ProviderId = "zs-health", Cron = "0 9 * * *", TimeZone = VisitPlan.DefaultTimeZone,
            LastOccurrenceAt = now.AddDays(-days), CreatedBy = "test", CreatedAt = now.AddDays(-days), UpdatedAt = now,
        };
        db.Set<VisitPlan>().Add(plan);
        await db.SaveChangesAsync();
        Assert.Equal(days, await scope.ServiceProvider.GetRequiredService<VisitMaker>().CatchUpAsync(plan.Id));
        return plan.Id;
    }
}
