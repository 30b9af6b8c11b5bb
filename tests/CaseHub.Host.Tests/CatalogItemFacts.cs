using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Host.Tests.Infrastructure;

namespace CaseHub.Host.Tests;

/// <summary>Local "X" items and county overrides, on SQLite and PostgreSQL.</summary>
public abstract class CatalogItemFacts(CaseHubFactory host)
{
    private const string PutuoOfficer = "putuo.officer@casehub.local";

    private static object Item(string code, string scope, string function = "convenience", int sla = 8, bool needsApproval = false) => new
    {
        code, function, name = "渡口接送", nameEn = "Ferry pick-up", mode = "on_demand", scopeJurisdictionId = scope, needsApproval,
        formSchema = new
        {
            fields = new object[]
            {
                new { name = "pier", label = "码头", type = "select", required = true, options = new[] { "白沙港", "沈家门" } },
                new { name = "phone", label = "联系电话", type = "phone", required = true },
            },
        },
        slaHours = sla,
    };

    private async Task<List<JsonElement>> CatalogAsync(string place) =>
        await (await host.CreateClient().GetAsync($"/api/catalog?jurisdictionId={place}")).ReadOkAsync<List<JsonElement>>();

    private static string NewCode() => $"x.ferry_{Guid.NewGuid():N}"[..30];

    [Fact]
    public async Task ACountyOfficersXItem_IsOrderableInTheCountyAtOnceAndInvisibleElsewhere()
    {
        var code = NewCode();
        var created = await (await (await host.ClientAsAsync(PutuoOfficer)).PostAsJsonAsync("/api/catalog/items", Item(code, "putuo"))).ReadOkAsync<JsonElement>();

        Assert.True(created.GetProperty("isLocal").GetBoolean());
        Assert.Equal("casehub.direct-dispatch", created.GetProperty("workflowDefinitionId").GetString());
        Assert.Contains(await CatalogAsync("baisha"), i => i.GetProperty("code").GetString() == code);
        Assert.DoesNotContain(await CatalogAsync("changbai"), i => i.GetProperty("code").GetString() == code);
        Assert.DoesNotContain(await CatalogAsync("zhoushan"), i => i.GetProperty("code").GetString() == code);
        var schema = (await CatalogAsync("putuo")).Single(i => i.GetProperty("code").GetString() == code).GetProperty("formSchema");
        Assert.Equal(["白沙港", "沈家门"], schema.GetProperty("fields")[0].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
    }

    [Theory]
    [InlineData("relief", true, "casehub.relief-approval")]
    [InlineData("legalaid", true, "casehub.legal-aid-review")]
    [InlineData("convenience", true, "casehub.approval-dispatch")]
    [InlineData("relief", false, "casehub.direct-dispatch")]
    public async Task AnXItemWithoutAWorkflow_GetsTheOneItsModulesCatalogueGivesThatApprovalMode(string function, bool needsApproval, string expected)
    {
        var admin = await host.ClientAsAsync("admin@casehub.local");
        var created = await (await admin.PostAsJsonAsync("/api/catalog/items", Item(NewCode(), "putuo", function, needsApproval: needsApproval))).ReadOkAsync<JsonElement>();
        Assert.Equal(expected, created.GetProperty("workflowDefinitionId").GetString());
    }

    [Fact]
    public async Task TheSameCode_IsRefusedInAnOverlappingScopeButAllowedInAnother()
    {
        var code = NewCode();
        var admin = await host.ClientAsAsync("admin@casehub.local");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/catalog/items", Item(code, "putuo"))).StatusCode);
        await (await admin.PostAsJsonAsync("/api/catalog/items", Item(code, "baisha"))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsJsonAsync("/api/catalog/items", Item(code, "zhoushan"))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/catalog/items", Item(code, "dinghai"))).StatusCode);
        await (await admin.PostAsJsonAsync("/api/catalog/items", Item("health.telemedicine", "putuo", "health"))).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CreatingItems_IsForOfficersInsideTheirCountyAndAdministrators()
    {
        var officer = await host.ClientAsAsync(PutuoOfficer);
        await (await officer.PostAsJsonAsync("/api/catalog/items", Item(NewCode(), "dinghai"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        var caseworker = await host.ClientAsAsync("putuo.caseworker@casehub.local");
        await (await caseworker.PostAsJsonAsync("/api/catalog/items", Item(NewCode(), "putuo"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await officer.PostAsJsonAsync("/api/catalog/items", Item(NewCode(), "atlantis"))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("code", "{\"code\":\"Bad Code\"}")]
    [InlineData("function", "{\"function\":\"astrology\"}")]
    [InlineData("mode", "{\"mode\":\"sometimes\"}")]
    [InlineData("slaHours", "{\"slaHours\":0}")]
    [InlineData("formSchema.fields[0].options", "{\"formSchema\":{\"fields\":[{\"name\":\"pier\",\"label\":\"码头\",\"type\":\"select\",\"required\":true}]}}")]
    [InlineData("formSchema.fields[1].name", "{\"formSchema\":{\"fields\":[{\"name\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"name\":\"a\",\"label\":\"B\",\"type\":\"text\"}]}}")]
    [InlineData("formSchema.fields[0].type", "{\"formSchema\":{\"fields\":[{\"name\":\"a\",\"label\":\"A\",\"type\":\"colour\"}]}}")]
    [InlineData("workflowDefinitionId", "{\"workflowDefinitionId\":\"no-such-flow\"}")]
    [InlineData("needsApproval", "{\"needsApproval\":\"maybe\"}")]
    public async Task AnInvalidItem_Returns400NamingTheFieldAndStoresNothing(string field, string patch)
    {
        var code = NewCode();
        var body = JsonSerializer.SerializeToNode(Item(code, "putuo"), JsonSerializerOptions.Web)!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(patch)!.AsObject().ToList())
            body[key] = value?.DeepClone();
        var response = await (await host.ClientAsAsync(PutuoOfficer)).PostAsync("/api/catalog/items", Http.Json(body.ToJsonString()));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain(await CatalogAsync("putuo"), i => i.GetProperty("code").GetString() == body["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACountyOverride_ChangesOrHidesACityItemInItsSubtreeOnly()
    {
        var officer = await host.ClientAsAsync(PutuoOfficer);
        var code = "culture.opera_tour";
        var citySla = (await CatalogAsync("zhoushan")).Single(i => i.GetProperty("code").GetString() == code).GetProperty("slaHours").GetInt32();

        var changed = await (await officer.PutAsJsonAsync($"/api/catalog/items/{code}/overrides/putuo", new { slaHours = 4, providerId = "zs-culture-tourism-sports" }))
            .ReadOkAsync<JsonElement>();
        Assert.Equal(4, changed.GetProperty("slaHours").GetInt32());
        Assert.Equal(4, (await CatalogAsync("baisha")).Single(i => i.GetProperty("code").GetString() == code).GetProperty("slaHours").GetInt32());
        Assert.Equal(citySla, (await CatalogAsync("changbai")).Single(i => i.GetProperty("code").GetString() == code).GetProperty("slaHours").GetInt32());

        (await officer.PutAsJsonAsync($"/api/catalog/items/{code}/overrides/baisha", new { enabled = false })).EnsureSuccessStatusCode();
        Assert.DoesNotContain(await CatalogAsync("baisha"), i => i.GetProperty("code").GetString() == code);
        Assert.Contains(await CatalogAsync("putuo"), i => i.GetProperty("code").GetString() == code);
        (await officer.PutAsJsonAsync($"/api/catalog/items/{code}/overrides/baisha", new { enabled = true })).EnsureSuccessStatusCode();
        Assert.Contains(await CatalogAsync("baisha"), i => i.GetProperty("code").GetString() == code);
    }

    [Fact]
    public async Task AnInvalidOverride_IsRefused()
    {
        var officer = await host.ClientAsAsync(PutuoOfficer);
        await (await officer.PutAsJsonAsync("/api/catalog/items/health.telemedicine/overrides/dinghai", new { enabled = false })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await officer.PutAsJsonAsync("/api/catalog/items/no.such_item/overrides/putuo", new { enabled = false })).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var (body, field) in new (object, string)[] { (new { }, "body"), (new { slaHours = -1 }, "slaHours"), (new { providerId = "nobody" }, "providerId"), (new { workflowDefinitionId = "nope" }, "workflowDefinitionId") })
        {
            var problem = await (await officer.PutAsJsonAsync("/api/catalog/items/health.telemedicine/overrides/putuo", body)).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        Assert.Contains(await CatalogAsync("putuo"), i => i.GetProperty("code").GetString() == "health.telemedicine");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCatalogItemFacts(SqliteHost host) : CatalogItemFacts(host);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCatalogItemFacts(PostgresHost host) : CatalogItemFacts(host);
