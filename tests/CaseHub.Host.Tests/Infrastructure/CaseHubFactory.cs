using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CaseHub.Core.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>
/// The real host over real HTTP plumbing, on a real database that each subclass provides. Settings go
/// in through <c>UseSetting</c> because the host reads them while it is being built.
/// </summary>
public abstract class CaseHubFactory : WebApplicationFactory<Program>
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
