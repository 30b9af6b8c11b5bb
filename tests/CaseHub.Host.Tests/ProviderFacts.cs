using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Providers;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests;

/// <summary>Providers and their accreditation over HTTP, on SQLite and PostgreSQL; names are unique because the hosts are shared.</summary>
public abstract class ProviderFacts(CaseHubFactory host)
{
    private const string Admin = "admin@casehub.local";
    private const string PutuoOfficer = "putuo.officer@casehub.local";
    private const string PutuoCaseworker = "putuo.caseworker@casehub.local";
    private const string DinghaiCaseworker = "dinghai.caseworker@casehub.local";

    private static string NewName() => $"白沙互助队-{Guid.NewGuid():N}"[..20];

    private static object NewProvider(string name, string home, string[]? served = null, string[]? codes = null) => new
    {
        name, nameEn = "Baisha mutual aid team", kind = "volunteer", jurisdictionId = home, jurisdictionIds = served, serviceCodes = codes,
    };

    private static string Future => DateTimeOffset.UtcNow.AddDays(30).ToString("O");

    private async Task<JsonElement> CreateAsync(string email, object body) =>
        await (await (await host.ClientAsAsync(email)).PostAsJsonAsync("/api/providers", body)).ReadOkAsync<JsonElement>();

    private async Task<List<JsonElement>> ListAsync(string email) =>
        await (await (await host.ClientAsAsync(email)).GetAsync("/api/providers")).ReadOkAsync<List<JsonElement>>();

    private async Task<T> InDatabaseAsync<T>(Func<CaseHubDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CaseHubDbContext>());
    }

    private static string[] Strings(JsonElement e, string property) => [.. e.GetProperty(property).EnumerateArray().Select(x => x.GetString()!)];

    [Fact]
    public async Task TheList_HasTheContractShape_AndTheHealthCommissionServesItsHealthItems()
    {
        var health = (await ListAsync(Admin)).Single(p => p.GetProperty("id").GetString() == "zs-health");
        Assert.Equal("市卫健委", health.GetProperty("name").GetString());
        Assert.Equal("department", health.GetProperty("kind").GetString());
        Assert.Equal("contracted", health.GetProperty("accreditation").GetString());
        Assert.Equal(["zhoushan"], Strings(health, "jurisdictionIds"));

        var catalog = await (await host.CreateClient().GetAsync("/api/catalog?jurisdictionId=zhoushan")).ReadOkAsync<List<JsonElement>>();
        var itsItems = catalog.Where(i => i.GetProperty("provider").GetString() == "市卫健委").Select(i => i.GetProperty("code").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(itsItems);
        Assert.All(itsItems, code => Assert.StartsWith("health.", code));
        Assert.Equal(itsItems, Strings(health, "serviceCodes"));
    }

    [Fact]
    public async Task ACountyOfficersNewProvider_StartsApplied_IsAudited_AndIsSeenOnlyInsideTheCounty()
    {
        var name = NewName();
        var created = await CreateAsync(PutuoOfficer, NewProvider(name, "putuo", ["baisha", "putuo"], ["health.telemedicine"]));
        var id = created.GetProperty("id").GetString()!;

        Assert.Equal("applied", created.GetProperty("accreditation").GetString());
        Assert.Equal(["baisha", "putuo"], Strings(created, "jurisdictionIds"));
        Assert.Equal(["health.telemedicine"], Strings(created, "serviceCodes"));
        Assert.Contains(await ListAsync(PutuoCaseworker), p => p.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(await ListAsync(DinghaiCaseworker), p => p.GetProperty("id").GetString() == id);
        Assert.True(await host.SealedAuditAsync(rows => rows.AnyAsync(a => a.EntityId == id && a.Action == "provider.create")));
    }

    [Fact]
    public async Task AProviderServingBaisha_IsSeenInPutuoThoughItBelongsToTheCity()
    {
        var created = await CreateAsync(Admin, NewProvider(NewName(), "zhoushan", ["baisha"]));
        Assert.Contains(await ListAsync(PutuoCaseworker), p => p.GetProperty("id").GetString() == created.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ACountyOfficer_SeesTheCityWideProvidersServingTheirCounty_ButMayNotManageThem()
    {
        // The health commission serves 舟山市, so every place of 普陀区: a Putuo officer must see it to assign it.
        Assert.Contains(await ListAsync(PutuoOfficer), p => p.GetProperty("id").GetString() == "zs-health");
        Assert.Contains(await ListAsync(PutuoCaseworker), p => p.GetProperty("id").GetString() == "zs-health");
        var cityWide = (await CreateAsync(Admin, NewProvider(NewName(), "zhoushan"))).GetProperty("id").GetString()!;
        var dinghaiOnly = (await CreateAsync(Admin, NewProvider(NewName(), "zhoushan", ["dinghai"]))).GetProperty("id").GetString()!;
        var putuoList = await ListAsync(PutuoOfficer);
        Assert.Contains(putuoList, p => p.GetProperty("id").GetString() == cityWide);
        Assert.DoesNotContain(putuoList, p => p.GetProperty("id").GetString() == dinghaiOnly);

        // Seeing is not managing: it belongs to the city, so the county may read its history but neither accredit it nor give it accounts.
        var officer = await host.ClientAsAsync(PutuoOfficer);
        Assert.Empty(await (await officer.GetAsync($"/api/providers/{cityWide}/accreditation")).ReadOkAsync<List<JsonElement>>());
        await (await officer.PostAsJsonAsync($"/api/providers/{cityWide}/accreditation", new { action = "contract", reason = "签约 / signed" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var email = $"city-{Guid.NewGuid():N}@casehub.local";
        await (await officer.PostAsJsonAsync($"/api/providers/{cityWide}/users", new { email, displayName = "x", password = "Island!2026" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("applied", await InDatabaseAsync(db => db.Providers.Where(p => p.Id == cityWide).Select(p => p.Accreditation).SingleAsync()));
        Assert.False(await InDatabaseAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task TheFullAccreditationPath_IsRecordedInHistoryAndAudit()
    {
        var id = (await CreateAsync(PutuoOfficer, NewProvider(NewName(), "baisha"))).GetProperty("id").GetString()!;
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var deadline = Future;
        var steps = new object[]
        {
            new { action = "contract", reason = "居民代表会议通过 / approved by the representatives' meeting" },
            new { action = "notice", reason = "服务不到位 / service fell short", deadline },
            new { action = "restore", reason = "已整改 / put right" },
            new { action = "notice", reason = "再次投诉 / complaints again", deadline },
            new { action = "revoke", reason = "拒不改正 / refused to put right" },
        };
        string[] expected = ["contracted", "notice", "contracted", "notice", "revoked"];
        for (var i = 0; i < steps.Length; i++)
        {
            var after = await (await officer.PostAsJsonAsync($"/api/providers/{id}/accreditation", steps[i])).ReadOkAsync<JsonElement>();
            Assert.Equal(expected[i], after.GetProperty("accreditation").GetString());
        }

        var history = await (await officer.GetAsync($"/api/providers/{id}/accreditation")).ReadOkAsync<List<JsonElement>>();
        Assert.Equal(["contract", "notice", "restore", "notice", "revoke"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(["applied", .. expected[..4]], history.Select(h => h.GetProperty("fromState").GetString()));
        Assert.Equal(expected, history.Select(h => h.GetProperty("toState").GetString()));
        Assert.Equal(DateTimeOffset.Parse(deadline), history[1].GetProperty("deadline").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("deadline").ValueKind);
        Assert.All(history, h => Assert.Equal(PutuoOfficer, h.GetProperty("actor").GetString()));
        Assert.Equal(5, await host.SealedAuditAsync(rows => rows.CountAsync(a => a.EntityId == id && a.Action.StartsWith("provider.accreditation."))));
    }

    [Fact]
    public async Task AnActionThatDoesNotFit_Is409NamingStateAndAllowedActions_AndChangesNothing()
    {
        var id = (await CreateAsync(Admin, NewProvider(NewName(), "putuo"))).GetProperty("id").GetString()!;
        var admin = await host.ClientAsAsync(Admin);

        var problem = await (await admin.PostAsJsonAsync($"/api/providers/{id}/accreditation", new { action = "restore", reason = "试试 / try" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("applied", problem.GetProperty("state").GetString());
        Assert.Equal(["contract", "revoke"], Strings(problem, "allowedActions"));
        Assert.Contains("applied", problem.GetProperty("detail").GetString());

        (await admin.PostAsJsonAsync($"/api/providers/{id}/accreditation", new { action = "revoke", reason = "撤回申请 / withdrawn" })).EnsureSuccessStatusCode();
        var afterRevoke = await (await admin.PostAsJsonAsync($"/api/providers/{id}/accreditation", new { action = "contract", reason = "再来 / again" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Empty(Strings(afterRevoke, "allowedActions"));
        Assert.Equal(1, await InDatabaseAsync(db => db.Set<AccreditationEvent>().CountAsync(e => e.ProviderId == id)));
    }

    [Theory]
    [InlineData("name", "{\"name\":\"  \"}")]
    [InlineData("kind", "{\"kind\":\"astrology\"}")]
    [InlineData("jurisdictionId", "{\"jurisdictionId\":\"atlantis\"}")]
    [InlineData("jurisdictionIds", "{\"jurisdictionIds\":[\"baisha\",\"atlantis\"]}")]
    [InlineData("serviceCodes", "{\"serviceCodes\":[\"no.such_item\"]}")]
    public async Task AnInvalidProvider_Returns400NamingTheFieldAndStoresNothing(string field, string patch)
    {
        var name = NewName();
        var body = JsonSerializer.SerializeToNode(NewProvider(name, "putuo"), JsonSerializerOptions.Web)!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(patch)!.AsObject().ToList())
            body[key] = value?.DeepClone();
        var response = await (await host.ClientAsAsync(PutuoOfficer)).PostAsync("/api/providers", Http.Json(body.ToJsonString()));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.False(await InDatabaseAsync(db => db.Providers.AnyAsync(p => p.Name == name)));
    }

    [Fact]
    public async Task AnInvalidAccreditationStep_Returns400NamingTheFieldAndStoresNothing()
    {
        var id = (await CreateAsync(Admin, NewProvider(NewName(), "putuo"))).GetProperty("id").GetString()!;
        var admin = await host.ClientAsAsync(Admin);
        (await admin.PostAsJsonAsync($"/api/providers/{id}/accreditation", new { action = "contract", reason = "签约 / signed" })).EnsureSuccessStatusCode();

        foreach (var (body, field) in new (object, string)[]
        {
            (new { action = "revoke" }, "reason"),
            (new { action = "approve", reason = "x" }, "action"),
            (new { action = "notice", reason = "x" }, "deadline"),
            (new { action = "notice", reason = "x", deadline = "2020-01-01T00:00:00+08:00" }, "deadline"),
            (new { action = "revoke", reason = "x", deadline = Future }, "deadline"),
        })
        {
            var problem = await (await admin.PostAsJsonAsync($"/api/providers/{id}/accreditation", body)).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        Assert.Equal(1, await InDatabaseAsync(db => db.Set<AccreditationEvent>().CountAsync(e => e.ProviderId == id)));
        Assert.Equal("contracted", await InDatabaseAsync(db => db.Providers.Where(p => p.Id == id).Select(p => p.Accreditation).SingleAsync()));
    }

    [Fact]
    public async Task OfficersAreConfinedToTheirCounty_AndOtherIdsDoNotLeak()
    {
        var officer = await host.ClientAsAsync(PutuoOfficer);
        await (await officer.PostAsJsonAsync("/api/providers", NewProvider(NewName(), "dinghai"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await officer.PostAsJsonAsync("/api/providers", NewProvider(NewName(), "putuo", ["putuo", "dinghai"]))).AssertProblemAsync(HttpStatusCode.Forbidden);

        var dinghai = (await CreateAsync(Admin, NewProvider(NewName(), "dinghai"))).GetProperty("id").GetString()!;
        var step = new { action = "contract", reason = "签约 / signed" };
        await (await officer.PostAsJsonAsync($"/api/providers/{dinghai}/accreditation", step)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await officer.GetAsync($"/api/providers/{dinghai}/accreditation")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await officer.PostAsJsonAsync("/api/providers/no-such-provider/accreditation", step)).AssertProblemAsync(HttpStatusCode.NotFound);

        // Seen in Putuo because it serves Baisha, but it belongs to the city, so a county officer may not accredit it.
        var cityWide = (await CreateAsync(Admin, NewProvider(NewName(), "zhoushan", ["baisha"]))).GetProperty("id").GetString()!;
        await (await officer.PostAsJsonAsync($"/api/providers/{cityWide}/accreditation", step)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await InDatabaseAsync(db => db.Set<AccreditationEvent>().CountAsync(e => e.ProviderId == dinghai || e.ProviderId == cityWide)));
    }

    [Fact]
    public async Task ACountyOfficer_GivesTheirProviderAnAccount_ThatSignsInAsProvider()
    {
        var id = (await CreateAsync(PutuoOfficer, NewProvider(NewName(), "putuo"))).GetProperty("id").GetString()!;
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var email = $"worker-{Guid.NewGuid():N}@casehub.local";

        var created = await officer.PostAsJsonAsync($"/api/providers/{id}/users", new { email, displayName = "互助队队长", password = "Island!2026" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var login = await host.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = "Island!2026" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var worker = host.CreateClient();
        worker.DefaultRequestHeaders.Authorization = new("Bearer", (await login.ReadOkAsync<JsonElement>()).GetProperty("accessToken").GetString());
        Assert.Equal(JsonValueKind.Array, (await (await worker.GetAsync("/api/tasks")).ReadOkAsync<JsonElement>()).ValueKind);
        Assert.True(await host.SealedAuditAsync(rows => rows.AnyAsync(a => a.Action == "provider.user.create" && a.Data!.Contains(id))));

        await (await officer.PostAsJsonAsync($"/api/providers/{id}/users", new { email, displayName = "又一个", password = "Island!2026" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var badEmail = await (await officer.PostAsJsonAsync($"/api/providers/{id}/users", new { email = "not-an-email", displayName = "x", password = "Island!2026" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(badEmail.GetProperty("errors").TryGetProperty("email", out _));
        var weak = await (await officer.PostAsJsonAsync($"/api/providers/{id}/users", new { email = $"w-{Guid.NewGuid():N}@casehub.local", displayName = "x", password = "123" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(weak.GetProperty("errors").TryGetProperty("password", out _));

        var dinghai = (await CreateAsync(Admin, NewProvider(NewName(), "dinghai"))).GetProperty("id").GetString()!;
        await (await officer.PostAsJsonAsync($"/api/providers/{dinghai}/users", new { email = $"d-{Guid.NewGuid():N}@casehub.local", displayName = "x", password = "Island!2026" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await (await host.ClientAsAsync(PutuoCaseworker)).PostAsJsonAsync($"/api/providers/{id}/users", new { email = $"c-{Guid.NewGuid():N}@casehub.local", displayName = "x", password = "Island!2026" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ACaseworker_CannotCreateOrAccreditProviders()
    {
        var caseworker = await host.ClientAsAsync(PutuoCaseworker);
        var name = NewName();
        await (await caseworker.PostAsJsonAsync("/api/providers", NewProvider(name, "putuo"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        var id = (await CreateAsync(PutuoOfficer, NewProvider(NewName(), "putuo"))).GetProperty("id").GetString()!;
        await (await caseworker.PostAsJsonAsync($"/api/providers/{id}/accreditation", new { action = "contract", reason = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.False(await InDatabaseAsync(db => db.Providers.AnyAsync(p => p.Name == name)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteProviderFacts(SqliteHost host) : ProviderFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresProviderFacts(PostgresHost host) : ProviderFacts(host);
