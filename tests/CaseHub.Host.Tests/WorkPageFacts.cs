using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Cases;

namespace CaseHub.Host.Tests;

/// <summary>The work pages (/tasks, /tickets) as HTML over the real host: who may open them, the clocks they show, their field errors.</summary>
public sealed partial class WorkPageFacts(SqliteHost host) : IClassFixture<SqliteHost>
{

    [Fact]
    public async Task AChannelAccount_GetsTheFriendly403_OnTheWorkPages()
    {
        var hotline = await host.PersonAsync(Hotline);
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order());
        foreach (var url in new[] { "/tasks", "/tasks?handler=List", "/tickets", $"/tickets/{ticketId}" })
        {
            var page = await hotline.GetAsync(url);
            Assert.True(page.StatusCode == HttpStatusCode.Forbidden, $"{url}: {(int)page.StatusCode}");
            Assert.Contains("无权访问", await page.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task ASuspensionOverTheIsland_ShowsTheTaskAsPaused_WithItsReason()
    {
        var reason = $"台风停航 {Guid.NewGuid():N}"[..12];
        var now = DateTimeOffset.UtcNow;
        (await (await host.ClientAsAsync(PutuoOfficer)).PostAsJsonAsync("/api/jurisdictions/baisha/suspensions",
            new { from = now.AddHours(-1).ToString("O"), to = now.AddDays(1).ToString("O"), reason })).EnsureSuccessStatusCode();
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order());

        var html = await (await host.PersonAsync(HealthProvider)).GetStringAsync("/tasks?kind=dispatch");
        Assert.Contains(ticketId, html);
        Assert.Contains("已暂停", html);
        Assert.Contains(reason, html);
    }

    [Fact]
    public async Task APeriodThatEndsBeforeItStarts_IsAFieldErrorInChinese_NotA500()
    {
        var page = await (await host.PersonAsync(PutuoCaseworker)).GetAsync("/tickets?from=2026-12-05&to=2026-12-01");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("结束日期不能早于开始日期", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AControlCharacterInAPagesComment_IsAFieldErrorInChinese_AndTheTaskStaysOpen()
    {
        var ticketId = await OrderAsync(await host.ClientAsAsync(Hotline), Order("eldercare.home_cleaning"));
        var api = await host.ClientAsAsync(PutuoCaseworker);
        var task = (await api.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/tasks"))!.Single(t => t.GetProperty("ticketId").GetString() == ticketId);
        var person = await host.PersonAsync(PutuoCaseworker);
        var page = await person.GetStringAsync($"/tickets/{ticketId}");
        var answer = await person.PostAsync($"/tickets/{ticketId}?handler=Complete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["TaskId"] = task.GetProperty("id").GetString()!, ["Outcome"] = "Approved", ["Comment"] = "同意\u001b[2J",
            ["__RequestVerificationToken"] = CaseHubFactory.FormToken(page),
        }));
        var html = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, html);
        var commentError = Regex.Match(html, @"-comment-error"" class=""ch-field-error"">([^<]*)<").Groups[1].Value;
        Assert.StartsWith("含有控制字符 U+001B", System.Net.WebUtility.HtmlDecode(commentError));
        Assert.Contains(await api.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/tasks") ?? [], t => t.GetProperty("ticketId").GetString() == ticketId);
    }
}
