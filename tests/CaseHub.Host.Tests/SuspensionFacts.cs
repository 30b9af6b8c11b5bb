using System.Net;
using System.Net.Http.Json;
using CaseHub.Core.Data;
using CaseHub.Core.Sla;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests;

/// <summary>Declaring and reading SLA suspensions over HTTP; run on SQLite and on PostgreSQL by the classes below.</summary>
public abstract class SuspensionFacts(CaseHubFactory host)
{
    private const string Admin = "admin@casehub.local";
    private const string PutuoOfficer = "putuo.officer@casehub.local";
    private const string PutuoCaseworker = "putuo.caseworker@casehub.local";

    public sealed record Declared(Guid Id, string JurisdictionId, DateTimeOffset From, DateTimeOffset To, string Reason, string CreatedBy, DateTimeOffset CreatedAt);

    private static object Typhoon(string reason) => new { from = "2026-08-10T08:00:00+08:00", to = "2026-08-12T08:00:00+08:00", reason };

    private async Task<int> StoredCountAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<Suspension>().CountAsync();
    }

    private async Task<List<Declared>> ListAsync(string jurisdictionId) =>
        await (await (await host.ClientAsAsync(Admin)).GetAsync($"/api/jurisdictions/{jurisdictionId}/suspensions")).ReadOkAsync<List<Declared>>();

    [Fact]
    public async Task ACountyOfficerDeclaresASuspensionForAnIslandInTheirCounty()
    {
        var reason = $"台风停航 / typhoon, ferries stopped {Guid.NewGuid():N}";
        var response = await (await host.ClientAsAsync(PutuoOfficer)).PostAsJsonAsync("/api/jurisdictions/baisha/suspensions", Typhoon(reason));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var declared = await response.ReadOkAsync<Declared>();
        Assert.Equal("baisha", declared.JurisdictionId);
        Assert.Equal(new DateTimeOffset(2026, 8, 10, 0, 0, 0, TimeSpan.Zero), declared.From);
        Assert.Equal(TimeSpan.FromHours(48), declared.To - declared.From);
        Assert.Equal(reason, declared.Reason);
        Assert.Equal(PutuoOfficer, declared.CreatedBy);
        Assert.Contains(await ListAsync("baisha"), s => s.Id == declared.Id);
    }

    [Fact]
    public async Task ATimeWithoutAnOffsetIsReadAsChinaTime()
    {
        var body = new { from = "2026-09-01T08:00:00", to = "2026-09-01T12:00:00", reason = $"渡轮检修 / ferry maintenance {Guid.NewGuid():N}" };
        var declared = await (await (await host.ClientAsAsync(Admin)).PostAsJsonAsync("/api/jurisdictions/changbai/suspensions", body)).ReadOkAsync<Declared>();

        Assert.Equal(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), declared.From);
    }

    [Fact]
    public async Task AnAdministratorMayDeclareASuspensionAnywhere()
    {
        var response = await (await host.ClientAsAsync(Admin)).PostAsJsonAsync("/api/jurisdictions/changbai/suspensions", Typhoon($"大雾 / fog {Guid.NewGuid():N}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task APlaceListsItsOwnAndItsAncestorsSuspensionsButNotItsDescendantsOrNeighbours()
    {
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var county = await (await officer.PostAsJsonAsync("/api/jurisdictions/putuo/suspensions", Typhoon($"全区停航 / county-wide {Guid.NewGuid():N}"))).ReadOkAsync<Declared>();
        var station = await (await officer.PostAsJsonAsync("/api/jurisdictions/baisha-station/suspensions", Typhoon($"驿站停电 / power cut {Guid.NewGuid():N}"))).ReadOkAsync<Declared>();

        var atStation = await ListAsync("baisha-station");
        Assert.Contains(atStation, s => s.Id == county.Id);
        Assert.Contains(atStation, s => s.Id == station.Id);
        Assert.DoesNotContain(await ListAsync("baisha"), s => s.Id == station.Id);
        Assert.DoesNotContain(await ListAsync("changbai"), s => s.Id == county.Id);
    }

    [Fact]
    public async Task SuspensionsFor_ReturnsTheIntervalsOfThePlaceAndItsAncestorsThatOverlapTheWindow()
    {
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var body = new { from = "2027-03-01T10:00:00+08:00", to = "2027-03-03T10:00:00+08:00", reason = $"停航 / ferries stopped {Guid.NewGuid():N}" };
        (await officer.PostAsJsonAsync("/api/jurisdictions/putuo/suspensions", body)).EnsureSuccessStatusCode();

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var suspensions = scope.ServiceProvider.GetRequiredService<Suspensions>();
        var station = (await db.Jurisdictions.FindAsync("baisha-station"))!;
        var elsewhere = (await db.Jurisdictions.FindAsync("changbai"))!;
        var march = (From: new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), To: new DateTimeOffset(2027, 3, 8, 0, 0, 0, TimeSpan.FromHours(8)));

        var intervals = await suspensions.SuspensionsForAsync(station, march.From, march.To);
        Assert.Equal([(new DateTimeOffset(2027, 3, 1, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 3, 2, 0, 0, TimeSpan.Zero))], intervals);
        Assert.Empty(await suspensions.SuspensionsForAsync(station, march.To, march.To.AddDays(7)));
        Assert.Empty(await suspensions.SuspensionsForAsync(elsewhere, march.From, march.To));
    }

    [Fact]
    public async Task ACaseworkerMayNotDeclareASuspension()
    {
        var before = await StoredCountAsync();
        var response = await (await host.ClientAsAsync(PutuoCaseworker)).PostAsJsonAsync("/api/jurisdictions/baisha/suspensions", Typhoon("台风 / typhoon"));
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await StoredCountAsync());
    }

    [Fact]
    public async Task AnOfficerMayNotDeclareASuspensionInAnotherCounty()
    {
        var before = await StoredCountAsync();
        var response = await (await host.ClientAsAsync(PutuoOfficer)).PostAsJsonAsync("/api/jurisdictions/changbai/suspensions", Typhoon("台风 / typhoon"));
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await StoredCountAsync());
    }

    [Fact]
    public async Task AnUnknownJurisdictionAnswers404()
    {
        var admin = await host.ClientAsAsync(Admin);
        await (await admin.PostAsJsonAsync("/api/jurisdictions/atlantis/suspensions", Typhoon("台风 / typhoon"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/jurisdictions/atlantis/suspensions")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "this is not json", "body" },
        { "{\"from\": \"2026-08-10T08:00:00+08:00\", \"to\": ", "to" },
        { "{\"to\": \"2026-08-12T08:00:00+08:00\", \"reason\": \"台风\"}", "from" },
        { "{\"from\": \"next tuesday\", \"to\": \"2026-08-12T08:00:00+08:00\", \"reason\": \"台风\"}", "from" },
        { "{\"from\": 20260810, \"to\": \"2026-08-12T08:00:00+08:00\", \"reason\": \"台风\"}", "from" },
        { "{\"from\": \"2026-08-10T08:00:00+08:00\", \"reason\": \"台风\"}", "to" },
        { "{\"from\": \"2026-08-10T08:00:00+08:00\", \"to\": \"2026-08-10T08:00:00+08:00\", \"reason\": \"台风\"}", "to" },
        { "{\"from\": \"2026-08-12T08:00:00+08:00\", \"to\": \"2026-08-10T08:00:00+08:00\", \"reason\": \"台风\"}", "to" },
        { "{\"from\": \"2026-08-10T08:00:00+08:00\", \"to\": \"2026-08-12T08:00:00+08:00\"}", "reason" },
        { "{\"from\": \"2026-08-10T08:00:00+08:00\", \"to\": \"2026-08-12T08:00:00+08:00\", \"reason\": \"   \"}", "reason" },
        { "{\"from\": \"2026-08-10T08:00:00+08:00\", \"to\": \"2026-08-12T08:00:00+08:00\", \"reason\": \"" + new string('风', 501) + "\"}", "reason" },
    };

    [Theory, MemberData(nameof(BadBodies))]
    public async Task ABadBodyAnswers400NamingTheFieldAndStoresNothing(string body, string field)
    {
        var before = await StoredCountAsync();
        var response = await (await host.ClientAsAsync(PutuoOfficer)).PostAsync("/api/jurisdictions/baisha/suspensions", Http.Json(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await StoredCountAsync());
    }

    [Fact]
    public async Task AReasonOfExactly500CharactersIsAccepted()
    {
        var response = await (await host.ClientAsAsync(PutuoOfficer)).PostAsJsonAsync("/api/jurisdictions/baisha/suspensions", Typhoon(new string('浪', 500)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSuspensionFacts(SqliteHost host) : SuspensionFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSuspensionFacts(PostgresHost host) : SuspensionFacts(host);
