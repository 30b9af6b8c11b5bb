using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Host.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests;

/// <summary>The foundation's HTTP contract; run once on SQLite and once on PostgreSQL by the classes below.</summary>
public abstract class ApiFacts(CaseHubFactory host)
{
    private const string Admin = "admin@casehub.local";
    private const string PutuoOfficer = "putuo.officer@casehub.local";
    private const string PutuoCaseworker = "putuo.caseworker@casehub.local";
    private const string DinghaiCaseworker = "dinghai.caseworker@casehub.local";

    public sealed record Module(string Id, string Name, string Version, bool Enabled);
    public sealed record Place(string Id, string Code, string Name, string Kind, string? ParentId, int? Population);
    public sealed record Item(string Code, string Function, string Name, string? NameEn, string Mode, bool NeedsApproval,
        string ScopeJurisdictionId, JsonElement FormSchema, string? WorkflowDefinitionId, int SlaHours, bool IsLocal);

    private async Task<List<Item>> CatalogAsync(string jurisdictionId) =>
        await (await host.CreateClient().GetAsync($"/api/catalog?jurisdictionId={jurisdictionId}")).ReadOkAsync<List<Item>>();

    [Fact]
    public async Task Login_WithDemoPassword_ReturnsBearerToken()
    {
        var response = await host.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = Admin, password = "CaseHub!2026" });
        var token = await response.ReadOkAsync<CaseHubFactory.TokenResponse>();

        Assert.Equal("Bearer", token.TokenType);
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
        Assert.True(token.ExpiresIn > 0);

        var refreshed = await (await host.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token.RefreshToken }))
            .ReadOkAsync<CaseHubFactory.TokenResponse>();
        Assert.NotEqual(token.AccessToken, refreshed.AccessToken);
    }

    [Fact]
    public async Task Login_WithWrongPassword_Returns401Problem()
    {
        var response = await host.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = PutuoCaseworker, password = "wrong-password" });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WithoutEmail_Returns400NamingTheField()
    {
        var response = await host.CreateClient().PostAsJsonAsync("/api/auth/login", new { password = "x" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Api_WithoutToken_Returns401Problem()
    {
        var response = await host.CreateClient().GetAsync("/api/modules");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Api_WithoutToken_AnswersABilingualTitleAndSaysHowToSignIn()
    {
        var problem = await (await host.CreateClient().GetAsync("/api/tasks")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("未登录或令牌无效 / Unauthorized", problem.GetProperty("title").GetString());
        Assert.Contains("POST /api/auth/login", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ARoleTheRouteDoesNotAllow_Returns403WithABilingualTitle_NamingTheRolesNeeded()
    {
        var body = new { from = "2026-08-10T08:00:00+08:00", to = "2026-08-12T08:00:00+08:00", reason = "台风 / typhoon" };
        var response = await (await host.ClientAsAsync("putuo.caseworker@casehub.local")).PostAsJsonAsync("/api/jurisdictions/baisha/suspensions", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("无权访问 / Forbidden", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("需要以下角色之一", detail);
        Assert.Contains("Administrator, CountyOfficer", detail);
    }

    [Fact]
    public async Task Me_ReturnsRoleAndHomeJurisdiction()
    {
        var me = await (await (await host.ClientAsAsync(PutuoOfficer)).GetAsync("/api/auth/me")).ReadOkAsync<JsonElement>();
        Assert.Equal("putuo", me.GetProperty("jurisdictionId").GetString());
        Assert.Equal(["CountyOfficer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Modules_ListsTheEightBuiltInModules()
    {
        var modules = await (await (await host.ClientAsAsync(Admin)).GetAsync("/api/modules")).ReadOkAsync<List<Module>>();
        Assert.Equal(["health", "eldercare", "logistics", "culture", "convenience", "relief", "disability", "legalaid"], modules.Select(m => m.Id));
        Assert.All(modules, m => Assert.True(m.Enabled));
        Assert.Contains(modules, m => m.Name == "法律援助");
    }

    [Fact]
    public async Task Jurisdictions_ForAdministrator_HoldTheSeededTree()
    {
        var places = await (await (await host.ClientAsAsync(Admin)).GetAsync("/api/jurisdictions")).ReadOkAsync<List<Place>>();
        var byName = places.ToDictionary(p => p.Name);

        Assert.Equal("City", byName["舟山市"].Kind);
        Assert.Null(byName["舟山市"].ParentId);
        foreach (var county in new[] { "定海区", "普陀区", "岱山县", "嵊泗县" })
            Assert.Equal(byName["舟山市"].Id, byName[county].ParentId);

        var pilots = new Dictionary<string, (int Population, string County)>
        {
            ["长白岛"] = (2500, "定海区"), ["白沙岛"] = (380, "普陀区"), ["大长涂岛"] = (600, "岱山县"), ["绿华岛"] = (360, "嵊泗县"),
        };
        foreach (var (name, (population, county)) in pilots)
        {
            var island = byName[name];
            Assert.Equal("Island", island.Kind);
            Assert.Equal(population, island.Population);
            Assert.Equal(byName[county].Id, island.ParentId);
            Assert.Single(places, p => p.Kind == "Station" && p.ParentId == island.Id);
        }
        Assert.Equal(4, places.Count(p => p.Kind == "Station"));
        // Islands the sources name without a population keep none rather than a guess.
        Assert.Null(byName["桃花岛"].Population);
        Assert.Equal(byName["六横镇"].Id, byName["六横岛"].ParentId);
        Assert.Equal("Township", byName["六横镇"].Kind);
    }

    [Fact]
    public async Task Jurisdictions_ForCountyCaseworker_ListOnlyTheirCounty()
    {
        var places = await (await (await host.ClientAsAsync(PutuoCaseworker)).GetAsync("/api/jurisdictions")).ReadOkAsync<List<Place>>();
        Assert.Equal("普陀区", places[0].Name);
        Assert.Contains(places, p => p.Name == "白沙岛");
        Assert.DoesNotContain(places, p => p.Name is "长白岛" or "舟山市" or "定海区");
    }

    [Fact]
    public async Task Catalog_ForTheCity_HoldsAll98SeedItems()
    {
        var items = await CatalogAsync("zhoushan");

        Assert.Equal(98, items.Count);
        Assert.Equal(98, items.Select(i => i.Code).Distinct().Count());
        var perModule = items.GroupBy(i => i.Function).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(16, perModule["health"]);
        Assert.Equal(18, perModule["eldercare"]);
        Assert.Equal(9, perModule["legalaid"]);
        var telemedicine = items.Single(i => i.Code == "health.telemedicine");
        Assert.Equal("远程诊疗", telemedicine.Name);
        Assert.Equal("on_demand", telemedicine.Mode);
        Assert.False(telemedicine.IsLocal);
        Assert.Equal("zhoushan", telemedicine.ScopeJurisdictionId);
        Assert.True(telemedicine.SlaHours > 0);
        Assert.NotEmpty(telemedicine.FormSchema.GetProperty("fields").EnumerateArray());
    }

    [Fact]
    public async Task Catalog_ForUnknownJurisdiction_Returns404()
    {
        var response = await host.CreateClient().GetAsync("/api/catalog?jurisdictionId=atlantis");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Catalog_WithoutJurisdiction_Returns400NamingTheField()
    {
        var problem = await (await host.CreateClient().GetAsync("/api/catalog")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("jurisdictionId", out _));
    }

    [Fact]
    public async Task DisablingAModuleForACounty_RemovesItsItemsThereOnly_AndAtOnce()
    {
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var cultureItems = (await CatalogAsync("baisha")).Count(i => i.Function == "culture");
        Assert.True(cultureItems > 0);
        try
        {
            var response = await officer.PutJsonAsync("/api/jurisdictions/putuo/modules/culture", new { enabled = false });
            Assert.False((await response.ReadOkAsync<Module>()).Enabled);

            Assert.DoesNotContain(await CatalogAsync("baisha"), i => i.Function == "culture");
            Assert.DoesNotContain(await CatalogAsync("putuo"), i => i.Function == "culture");
            Assert.Equal(cultureItems, (await CatalogAsync("changbai")).Count(i => i.Function == "culture"));
            Assert.Equal(cultureItems, (await CatalogAsync("zhoushan")).Count(i => i.Function == "culture"));

            var putuoModules = await (await (await host.ClientAsAsync(PutuoCaseworker)).GetAsync("/api/modules")).ReadOkAsync<List<Module>>();
            Assert.False(putuoModules.Single(m => m.Id == "culture").Enabled);
            var dinghaiModules = await (await (await host.ClientAsAsync(DinghaiCaseworker)).GetAsync("/api/modules")).ReadOkAsync<List<Module>>();
            Assert.True(dinghaiModules.Single(m => m.Id == "culture").Enabled);

            // A station can switch it back on for itself below the county's "off".
            var admin = await host.ClientAsAsync(Admin);
            (await admin.PutJsonAsync("/api/jurisdictions/baisha-station/modules/culture", new { enabled = true })).EnsureSuccessStatusCode();
            Assert.Equal(cultureItems, (await CatalogAsync("baisha-station")).Count(i => i.Function == "culture"));
            Assert.DoesNotContain(await CatalogAsync("baisha"), i => i.Function == "culture");
        }
        finally
        {
            var admin = await host.ClientAsAsync(Admin);
            (await admin.PutJsonAsync("/api/jurisdictions/putuo/modules/culture", new { enabled = true })).EnsureSuccessStatusCode();
        }
        Assert.Equal(cultureItems, (await CatalogAsync("baisha")).Count(i => i.Function == "culture"));
    }

    [Fact]
    public async Task ToggleModule_ByCaseworker_Returns403()
    {
        var response = await (await host.ClientAsAsync(PutuoCaseworker)).PutJsonAsync("/api/jurisdictions/putuo/modules/health", new { enabled = false });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(await CatalogAsync("putuo"), i => i.Function == "health");
    }

    [Fact]
    public async Task ToggleModule_ByOfficerOfAnotherCounty_Returns403()
    {
        var response = await (await host.ClientAsAsync(PutuoOfficer)).PutJsonAsync("/api/jurisdictions/dinghai/modules/health", new { enabled = false });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(await CatalogAsync("dinghai"), i => i.Function == "health");
    }

    [Fact]
    public async Task ToggleModule_UnknownModuleOrJurisdiction_Returns404()
    {
        var admin = await host.ClientAsAsync(Admin);
        await (await admin.PutJsonAsync("/api/jurisdictions/putuo/modules/astrology", new { enabled = false })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PutJsonAsync("/api/jurisdictions/atlantis/modules/health", new { enabled = false })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("this is not json", "body")]
    [InlineData("{\"enabled\": tru", "enabled")]
    [InlineData("{\"enabled\": \"yes\"}", "enabled")]
    [InlineData("{}", "enabled")]
    public async Task ToggleModule_WithBadBody_Returns400NamingTheField(string body, string field)
    {
        var admin = await host.ClientAsAsync(Admin);
        var response = await admin.PutAsync("/api/jurisdictions/putuo/modules/relief", Http.Json(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Contains(await CatalogAsync("putuo"), i => i.Function == "relief");
    }

    [Fact]
    public async Task BodyOverOneMebibyte_Returns413Problem()
    {
        var admin = await host.ClientAsAsync(Admin);
        var huge = "{\"enabled\": true, \"padding\": \"" + new string('x', 1024 * 1024) + "\"}";
        var response = await admin.PutAsync("/api/jurisdictions/putuo/modules/relief", Http.Json(huge));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200()
    {
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Jobs_UseStorageThatFollowsTheDatabase_ThroughTheRecurringJobManagerInDI()
    {
        var storage = host.Services.GetRequiredService<JobStorage>();
        var expected = host.Settings["Database:Provider"] == "Postgres" ? "PostgreSqlStorage" : "InMemoryStorage";
        Assert.Equal(expected, storage.GetType().Name);

        var recurring = host.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate("probe", () => Console.WriteLine("probe"), Cron.Daily());
        try
        {
            using var connection = storage.GetConnection();
            Assert.Contains("probe", connection.GetRecurringJobs().Select(j => j.Id));
        }
        finally
        {
            recurring.RemoveIfExists("probe");
        }
    }

    [Fact]
    public async Task JobDashboard_IsForAdministratorsOnly()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.ClientAsAsync(PutuoOfficer)).GetAsync("/hangfire")).StatusCode);
        var page = await (await host.ClientAsAsync(Admin)).GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("CaseHub", await page.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteApiFacts(SqliteHost host) : ApiFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresApiFacts(PostgresHost host) : ApiFacts(host);
