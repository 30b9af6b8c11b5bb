using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CaseHub.Host.Tests;

/// <summary>The pages' plumbing: sign-in, redirects, the theme's error pages, the language switch, compression, caching.</summary>
public sealed partial class WebUiFacts
{
    private static HttpClient NoRedirects(CaseHubFactory host) => host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
    }

    [Fact]
    public async Task APageThatNeedsSignIn_SendsAPersonToTheLoginPage_WhileTheApiAnswers401()
    {
        await using var host = new SqliteHost();
        var client = NoRedirects(host);
        var page = await client.GetAsync("/account/logout");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login?ReturnUrl=", page.Headers.Location!.PathAndQuery);

        var api = await client.GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUnknownPage_IsTheThemesFriendly404_ButAnUnknownApiRouteIsProblemDetails()
    {
        await using var host = new SqliteHost();
        var client = host.CreateClient();
        var page = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("找不到此页面或记录", html);
        Assert.Contains("admin.css", html);

        var api = await client.GetAsync("/api/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task LangEn_SwitchesThePageToEnglish_AndTheCookieRemembersIt()
    {
        await using var host = new SqliteHost();
        var client = host.CreateClient();
        var english = await client.GetAsync("/?lang=en");
        var html = await english.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Staff sign-in", html);
        Assert.Contains(english.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=") && c.Contains("uic%3Den"));

        // The client keeps cookies: the next page, without ?lang, stays English.
        Assert.Contains("Sign in", await client.GetStringAsync("/account/login"));
        Assert.Contains("工作人员登录", await client.GetStringAsync("/?lang=zh-CN"));
    }

    [Fact]
    public async Task EveryTextAPageAsksFor_HasItsEnglish()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var english = Directory.EnumerateFiles(Path.Combine(root, "src/CaseHub.Host/Resources/en"), "*.json")
            .SelectMany(f => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(f))!)
            .Select(p => p.Key).ToHashSet();
        var sources = new[] { "src/CaseHub.Host/Pages", "themes" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cshtml") || f.EndsWith(".cs")) && !f.Contains("/obj/") && !f.Contains("/bin/"));
        var missing = new List<string>();
        var used = 0;
        foreach (var file in sources)
            foreach (Match m in TextKey().Matches(await File.ReadAllTextAsync(file)))
            {
                used++;
                if (!english.Contains(m.Groups[1].Value)) missing.Add($"{Path.GetRelativePath(root, file)}: {m.Groups[1].Value}");
            }
        Assert.True(used > 40, $"only {used} texts found: is the scan looking in the right place ({root})?");
        Assert.True(missing.Count == 0, "Texts without English in Resources/en/*.json:\n" + string.Join("\n", missing.Distinct()));
    }

    [Fact]
    public async Task RepeatedWrongPasswords_LockTheAccount_EvenForTheRightPassword()
    {
        await using var host = new SqliteHost();
        host.Settings["CaseHub:Security:LockoutAttempts"] = "3";
        var client = NoRedirects(host);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "putuo.officer@casehub.local", "wrong-password")).StatusCode);

        var locked = await SignInAsync(client, "putuo.officer@casehub.local", "CaseHub!2026");
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("账号已暂时锁定", await locked.Content.ReadAsStringAsync());
        // Another account is not affected.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(NoRedirects(host), "putuo.caseworker@casehub.local", "CaseHub!2026")).StatusCode);
    }

    [Fact]
    public async Task AnEmptyLoginForm_NamesBothFieldsInChinese()
    {
        await using var host = new SqliteHost();
        var response = await SignInAsync(NoRedirects(host), "", "");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("请输入账号（邮箱）", html);
        Assert.Contains("请输入密码", html);
    }

    [Fact]
    public async Task Pages_AreCompressed_AndFingerprintedAssetsAreCachedForAYear()
    {
        await using var host = new SqliteHost();
        var client = host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.ParseAdd("br");
        var page = await client.SendAsync(request);
        Assert.Contains("br", page.Content.Headers.ContentEncoding);

        var html = await client.GetStringAsync("/");
        var htmx = Regex.Match(html, @"src=""(/lib/htmx/htmx\.min\.js\?v=[^""]+)""");
        Assert.True(htmx.Success, "the layout should load htmx with a content hash");
        var script = await client.GetAsync(htmx.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("immutable", script.Headers.CacheControl?.ToString());
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"\bL\[""([^""]+)""")]
    private static partial Regex TextKey();
}
