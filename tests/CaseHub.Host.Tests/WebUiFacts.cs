using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task RepeatedWrongPasswords_MakeThatAddressWaitForThatAccount_WithoutLockingTheAccountItself()
    {
        await using var host = new SqliteHost();
        host.Settings["CaseHub:Security:LockoutAttempts"] = "3";
        var client = NoRedirects(host);
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "putuo.officer@casehub.local", "wrong-password")).StatusCode);
        var third = await SignInAsync(client, "putuo.officer@casehub.local", "wrong-password");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);

        var waiting = await SignInAsync(client, "putuo.officer@casehub.local", "CaseHub!2026");
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Contains("尝试次数过多，请 15 分钟后再试", await waiting.Content.ReadAsStringAsync());
        Assert.True(waiting.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(14), waiting.Headers.RetryAfter?.ToString());
        // Another account from the same address is not affected; the API's door counts the same series; and the
        // account itself is not locked, so its owner elsewhere is not kept out.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(NoRedirects(host), "putuo.caseworker@casehub.local", "CaseHub!2026")).StatusCode);
        var api = await host.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "putuo.officer@casehub.local", password = "CaseHub!2026" });
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CaseHub.Core.Identity.CaseHubUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync("putuo.officer@casehub.local"))!));
    }

    [Fact]
    public async Task AnUnknownAccount_IsAnsweredLikeAKnownOne_UpToTheThrottle()
    {
        await using var host = new SqliteHost();
        host.Settings["CaseHub:Security:LockoutAttempts"] = "2";
        var client = host.CreateClient();
        async Task<(int, string)> Api(string email)
        {
            var r = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" });
            var body = await r.Content.ReadFromJsonAsync<JsonElement>();
            return ((int)r.StatusCode, body.GetProperty("title").GetString()!);
        }
        foreach (var round in new[] { 401, 429, 429 })
        {
            var known = await Api("admin@casehub.local");
            var unknown = await Api("nobody-here@casehub.local");
            Assert.Equal(round, known.Item1);
            Assert.Equal(known, unknown);
        }
    }

    [Fact]
    public async Task SignInAttempts_AreRateLimitedPerAddress_With429AndRetryAfter()
    {
        await using var host = new SqliteHost();
        host.Settings["CaseHub:RateLimits:SignInPerMinute"] = "4";
        var client = host.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            codes.Add((await client.PostAsJsonAsync("/api/auth/login", new { email = $"user{i}@casehub.local", password = "x" })).StatusCode);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
        var refused = await client.PostAsJsonAsync("/api/auth/login", new { email = "admin@casehub.local", password = "CaseHub!2026" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // Reading the form is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_AndPagesAPolicyWithoutInlineScript()
    {
        await using var host = new SqliteHost();
        var client = host.CreateClient();
        foreach (var path in new[] { "/", "/account/login", "/api/catalog", "/no-such-page" })
        {
            var r = await client.GetAsync(path);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
            Assert.True(r.Headers.Contains("Referrer-Policy") && r.Headers.Contains("Permissions-Policy"), path);
            Assert.False(r.Headers.Contains("Server"), path);
            Assert.Contains("no-store", r.Headers.CacheControl?.ToString());
            var csp = r.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self';", csp);
            Assert.DoesNotContain("unsafe-inline'; img", csp.Split("style-src")[0]);
        }
        var html = await client.GetStringAsync("/account/login");
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", html);
    }

    [Fact]
    public async Task OutsideDevelopment_TheApiReferenceNeedsASignedInUser_AndTheLoginPageListsNoDemoPassword()
    {
        await using var host = new SqliteHost();
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await host.ClientAsAsync("putuo.caseworker@casehub.local")).GetAsync("/openapi/v1.json")).StatusCode);
        var login = await host.CreateClient().GetStringAsync("/account/login");
        Assert.DoesNotContain("CaseHub!2026", login);
        Assert.DoesNotContain("admin@casehub.local", login);
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
