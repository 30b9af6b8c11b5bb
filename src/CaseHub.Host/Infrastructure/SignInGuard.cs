using System.Collections.Concurrent;
using System.Net;
using CaseHub.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace CaseHub.Host.Infrastructure;

public enum SignInAnswer { SignedIn, Refused, Throttled }

public sealed record SignInOutcome(SignInAnswer Answer, TimeSpan RetryAfter = default);

/// <summary>
/// Password sign-in for the API and the pages, shaped against the attacks a public email invites:
/// <list type="bullet">
/// <item>Failures are counted per (client address, account), not per account, so nobody can lock the
/// administrator out from elsewhere; after <c>LockoutAttempts</c> failures that address waits for that account,
/// longer each time (<c>LockoutMinutes</c>, doubled per further series, at most a day).</item>
/// <item>An unknown account is answered exactly as a known one — same message, same throttle, and a password
/// hash computed all the same, so the time taken does not tell them apart either.</item>
/// </list>
/// The per-address rate limiter (<see cref="RateLimits"/>) caps how fast any series can go. Counts live in
/// this host's memory: each host of a cluster counts its own.
/// </summary>
public sealed class SignInGuard(SignInManager<CaseHubUser> signIn, IPasswordHasher<CaseHubUser> hasher, IConfiguration configuration, TimeProvider clock, SignInFailures failures)
{
    private ConcurrentDictionary<string, SignInFailures.Series> Counts => failures.ByAddressAndAccount;
    private static readonly CaseHubUser Nobody = new() { UserName = "nobody", Email = "nobody@invalid", DisplayName = "", HomeJurisdictionId = "" };
    private static readonly Lazy<string> NobodysHash = new(() => new PasswordHasher<CaseHubUser>().HashPassword(Nobody, Guid.NewGuid().ToString()));

    public async Task<SignInOutcome> SignInAsync(string email, string password, IPAddress? address, string scheme)
    {
        var key = $"{address}|{email.Trim().ToUpperInvariant()}";
        var now = clock.GetUtcNow();
        if (Counts.TryGetValue(key, out var seen) && seen.Until > now) return new(SignInAnswer.Throttled, seen.Until - now);

        var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            hasher.VerifyHashedPassword(Nobody, NobodysHash.Value, password);
            return Failed(key, now);
        }
        signIn.AuthenticationScheme = scheme;
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
        if (!result.Succeeded) return Failed(key, now);
        Counts.TryRemove(key, out _);
        return new(SignInAnswer.SignedIn);
    }

    private SignInOutcome Failed(string key, DateTimeOffset now)
    {
        var attempts = configuration.GetValue("CaseHub:Security:LockoutAttempts", 5);
        var minutes = configuration.GetValue("CaseHub:Security:LockoutMinutes", 15);
        var after = Counts.AddOrUpdate(key, _ => new SignInFailures.Series(1, 0, default), (_, f) =>
        {
            if (f.Count + 1 < attempts) return f with { Count = f.Count + 1 };
            var wait = TimeSpan.FromMinutes(Math.Min(minutes * Math.Pow(2, f.Number), 24 * 60));
            return new SignInFailures.Series(0, f.Number + 1, now + wait);
        });
        if (Counts.Count > 100_000) Sweep(now);
        return after.Until > now ? new(SignInAnswer.Throttled, after.Until - now) : new(SignInAnswer.Refused);
    }

    /// <summary>Forgets series that ended long ago, so a scan of many accounts cannot grow the table without bound.</summary>
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, f) in Counts)
            if (f.Until < now - TimeSpan.FromDays(1)) Counts.TryRemove(key, out _);
    }
}

/// <summary>This host's failure counts (a singleton; one per host, so test hosts in one process stay apart).</summary>
public sealed class SignInFailures
{
    public sealed record Series(int Count, int Number, DateTimeOffset Until);

    public ConcurrentDictionary<string, Series> ByAddressAndAccount { get; } = new();
}
