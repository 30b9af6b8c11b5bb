using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CaseHub.Core.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;

namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>
/// The real host over real HTTP plumbing, on a real database that each subclass provides. Settings go
/// in through <c>UseSetting</c> because the host reads them while it is being built.
/// </summary>
public abstract partial class CaseHubFactory : WebApplicationFactory<Program>
{
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["CaseHub:Demo:Enabled"] = "true",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        // The tests sign in far faster than any person; the facts about the limits set their own figures.
        ["CaseHub:RateLimits:SignInPerMinute"] = "100000",
        ["CaseHub:RateLimits:IntakePerMinute"] = "1000000",
    };

    /// <summary>Extra service registrations for one test's host (e.g. a failing database interceptor).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (TestServices is not null) builder.ConfigureTestServices(TestServices);
    }

    /// <summary>A client signed in as <paramref name="email"/> with a bearer token (tokens cached per user).</summary>
    public async Task<HttpClient> ClientAsAsync(string email)
    {
        var token = _tokens.TryGetValue(email, out var cached) ? cached : _tokens[email] = await LoginAsync(email);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A client that signs in through the page's form and keeps the cookie, as a browser does; without
    /// <paramref name="followRedirects"/> it shows each answer as sent (a 302 to the login page stays a 302).
    /// </summary>
    public async Task<HttpClient> PersonAsync(string email, bool followRedirects = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        var form = await client.GetStringAsync("/account/login");
        var token = FormToken(form);
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = DemoUsers.DefaultPassword, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(followRedirects ? HttpStatusCode.OK : HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token a page's form carries.</summary>
    public static string FormToken(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex AntiforgeryToken();

    private async Task<string> LoginAsync(string email)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = DemoUsers.DefaultPassword });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return body!.AccessToken;
    }

    public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
}
