using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Browser.Tests.Infrastructure;
using CaseHub.Core.Data;
using CaseHub.Core.Sla;
using CaseHub.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static CaseHub.Browser.Tests.Infrastructure.Pages;

namespace CaseHub.Browser.Tests;

[Collection(SqliteJourneys.Name)]
public sealed class CountyJourney(SqliteJourney journey)
{
    [Fact]
    public async Task ThePutuoOfficer_AcknowledgesAnOverdueTicket_DeclaresATyphoonForBaisha_AndSwitchesAModule()
    {
        var moving = await OrderAsync();
        var overdue = await OrderAsync();
        await EscalateAsync(overdue);

        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, PutuoOfficer, returnUrl: "/county");
        Assert.EndsWith("/county", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("区县工作台");

        // (a) The overdue ticket waits to be acknowledged, linked to its ticket; acknowledging it takes it off the list.
        var escalation = page.Locator("#escalations tbody tr").Filter(new() { HasText = overdue.Number });
        await Assertions.Expect(escalation).ToHaveCountAsync(1);
        await Assertions.Expect(escalation.GetByRole(AriaRole.Link, new() { Name = overdue.Number })).ToHaveAttributeAsync("href", $"/tickets/{overdue.Id}");
        await AssertAccessibleAsync(page);
        await escalation.Locator("[data-outcome=\"Acknowledged\"]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已确认超时工单");
        await Assertions.Expect(page.Locator("#escalations tbody tr").Filter(new() { HasText = overdue.Number })).ToHaveCountAsync(0);

        // (b) Bad input: the form again, an error in Chinese next to each field, nothing stored.
        var form = page.Locator("#suspension form");
        await page.Locator("#suspension").GetByLabel("开始时间").FillAsync("2026-12-05T08:00");
        await page.Locator("#suspension").GetByLabel("结束时间").FillAsync("2026-12-04T08:00");
        await page.Locator("#suspension").GetByLabel("原因").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "宣布暂停" }).ClickAsync();
        await Assertions.Expect(page.Locator("#islands-error")).ToHaveTextAsync("请至少选择一个海岛");
        await Assertions.Expect(page.Locator("#to-error")).ToHaveTextAsync("结束时间必须晚于开始时间");
        await Assertions.Expect(page.Locator("#reason-error")).ToHaveTextAsync("请填写暂停原因");
        await Assertions.Expect(page.Locator("#current-suspensions")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);

        // A typhoon over 白沙岛 from now for three days: the ticket ordered there has its due time pushed back.
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        await form.GetByLabel("白沙岛").CheckAsync();
        await page.Locator("#suspension").GetByLabel("开始时间").FillAsync(now.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm"));
        await page.Locator("#suspension").GetByLabel("结束时间").FillAsync(now.AddDays(3).ToString("yyyy-MM-ddTHH:mm"));
        await page.Locator("#suspension").GetByLabel("原因").FillAsync("台风过境，客运航线停航");
        await page.GetByRole(AriaRole.Button, new() { Name = "宣布暂停" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已为 1 个海岛宣布暂停");
        await Assertions.Expect(page.Locator("#declared")).ToContainTextAsync("白沙岛");
        var moved = page.Locator("#moved tbody tr").Filter(new() { HasText = moving.Number });
        await Assertions.Expect(moved).ToHaveCountAsync(1);
        await Assertions.Expect(moved.GetByRole(AriaRole.Link, new() { Name = moving.Number })).ToHaveAttributeAsync("href", $"/tickets/{moving.Id}");
        await Assertions.Expect(page.Locator("#current-suspensions")).ToContainTextAsync("台风过境，客运航线停航");
        await AssertAccessibleAsync(page);
        await Chromium.ScreenshotAsync(page, "county-desk");

        // (c) A module off, then on again, for 普陀区.
        var module = page.Locator("#modules tbody tr").Last;
        var moduleId = await module.GetAttributeAsync("data-module");
        await module.GetByRole(AriaRole.Button, new() { Name = "停用" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已停用模块");
        var row = page.Locator($"#modules tr[data-module=\"{moduleId}\"]");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-enabled", "false");
        await Assertions.Expect(row).ToContainTextAsync("已停用");
        await row.GetByRole(AriaRole.Button, new() { Name = "启用" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已启用模块");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-enabled", "true");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task ThePutuoOfficer_CannotDeclareForDinghai_TheServiceRefusesAndThePageSaysSo()
    {
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, PutuoOfficer, returnUrl: "/county");
        // Only 普陀区's islands are offered; a form tampered to name 定海区 is refused by the same rule the API applies.
        await Assertions.Expect(page.Locator("#suspension").GetByLabel("白沙岛")).ToHaveCountAsync(1);
        await page.Locator("#suspension input[name=Islands]").First.EvaluateAsync("e => { e.value = 'dinghai'; e.checked = true; }");
        await page.Locator("#suspension").GetByLabel("原因").FillAsync("停航");
        await page.GetByRole(AriaRole.Button, new() { Name = "宣布暂停" }).ClickAsync();
        await Assertions.Expect(page.Locator("#islands-error")).ToContainTextAsync("不在您的管辖范围内");

        await page.Locator("#modules input[name=place]").First.EvaluateAsync("e => e.value = 'dinghai'");
        await page.Locator("#modules button").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("不在您的管辖范围内");
        await Assertions.Expect(page.Locator("#modules tbody tr").First).ToHaveAttributeAsync("data-enabled", "true");
    }

    [Fact]
    public async Task TheAdministrator_GivesACityProviderANotice_WithAReasonAndDeadline_ThenRestoresIt_WhichThePutuoOfficerMayNot()
    {
        // The seeded providers are the city's: a 普陀区 officer sees them, and who manages them, but gets no form.
        var officer = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(officer, PutuoOfficer, returnUrl: "/county");
        var theirs = officer.Locator("#providers tbody tr").First;
        await Assertions.Expect(theirs).ToContainTextAsync("由舟山市管理");
        await Assertions.Expect(theirs.Locator("form")).ToHaveCountAsync(0);
        await Assertions.Expect(officer.Locator("#providers tr[data-managed=true]")).ToHaveCountAsync(0);

        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, Admin, returnUrl: "/county");
        var provider = page.Locator("#providers tbody tr[data-state=contracted][data-managed=true]").First;
        var id = await provider.GetAttributeAsync("data-provider");
        var row = page.Locator($"#providers tr[data-provider=\"{id}\"]");

        // No reason, no deadline: the service refuses and each field says why, in Chinese.
        await row.GetByLabel("操作").SelectOptionAsync("notice");
        await row.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(row.Locator(".ch-field-error")).ToHaveCountAsync(2);
        await Assertions.Expect(row).ToContainTextAsync("原因必填");
        await Assertions.Expect(row).ToContainTextAsync("整改通知须有整改期限");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "contracted");
        await AssertAccessibleAsync(page);

        await row.GetByLabel("操作").SelectOptionAsync("notice");
        await row.GetByLabel("原因").FillAsync("回访满意度连续两月偏低");
        await row.GetByLabel("整改期限（仅整改通知）").FillAsync(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(30).ToString("yyyy-MM-ddTHH:mm"));
        await row.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已更新服务单位资质：");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "notice");
        await Assertions.Expect(row).ToContainTextAsync("整改中");

        await row.GetByLabel("操作").SelectOptionAsync("restore");
        await row.GetByLabel("原因").FillAsync("已完成整改");
        await row.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "contracted");
        await Chromium.ScreenshotAsync(page, "county-providers");
    }

    [Fact]
    public async Task ACaseworker_OpeningTheCountyDesk_GetsTheFriendly403Page()
    {
        var page = await journey.Chromium.NewPageAsync(journey.BaseUrl);
        await SignInAsync(page, PutuoCaseworker);
        var response = await page.GotoAsync("/county");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("无权访问");
        await AssertAccessibleAsync(page);
    }

    private sealed record Placed(string Id, string Number);

    /// <summary>The hotline places an order for a 白沙岛 resident through the API.</summary>
    private async Task<Placed> OrderAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(journey.BaseUrl) };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = Hotline, password = Password });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets")
        {
            Content = JsonContent.Create(new
            {
                serviceCode = "health.telemedicine", jurisdictionId = "baisha", channel = "hotline",
                resident = new { name = "李大伯", phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}" },
                form = new { details = "血压偏高，想请医生远程看看" },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Ordering failed: {(int)response.StatusCode} {body}");
        var ticket = JsonDocument.Parse(body).RootElement;
        return new(ticket.GetProperty("id").GetString()!, ticket.GetProperty("number").GetString()!);
    }

    /// <summary>Lets the ticket's time run out and runs the SLA sweep, which raises the county officer's escalation task.</summary>
    private async Task EscalateAsync(Placed ticket)
    {
        using (var scope = journey.Host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            var id = Guid.Parse(ticket.Id);
            await db.Set<Ticket>().Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, DateTimeOffset.UtcNow.AddHours(-1)));
        }
        using var sweep = journey.Host.Services.CreateScope();
        await sweep.ServiceProvider.GetRequiredService<SlaEscalation>().EscalateOverdueAsync(CancellationToken.None);
    }
}
