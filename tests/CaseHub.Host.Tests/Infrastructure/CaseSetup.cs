using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Host.Tests.Infrastructure.Cases;

namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>
/// What the case facts set up before a ticket is ordered: a local item of their own (so the providers they
/// add never receive another test's tickets), providers in a given accreditation state, and users for them.
/// </summary>
public static class CaseSetup
{
    /// <summary>A local item scoped to 普陀区 with a unique code, created by the county officer; returns the item as answered.</summary>
    public static async Task<JsonElement> NewLocalItemAsync(CaseHubFactory host, bool needsApproval = false, string function = "health", string scope = "putuo")
    {
        var code = $"x.case_{Guid.NewGuid():N}"[..30];
        var body = new
        {
            code, function, name = "上门测血糖", nameEn = "Blood sugar check at home", mode = "on_demand", scopeJurisdictionId = scope, needsApproval,
            formSchema = new { fields = new object[] { new { name = "details", label = "需求说明", type = "text", required = false } } },
            slaHours = 16,
        };
        var response = await (await host.ClientAsAsync(PutuoOfficer)).PostAsJsonAsync("/api/catalog/items", body);
        return await response.ReadOkAsync<JsonElement>();
    }

    public static string Code(JsonElement item) => item.GetProperty("code").GetString()!;

    /// <summary>
    /// A provider created by the administrator (home 普陀区 unless given) that serves <paramref name="served"/> and
    /// delivers <paramref name="codes"/>, brought to <paramref name="state"/> (applied, contracted, notice or revoked).
    /// </summary>
    public static async Task<string> NewProviderAsync(CaseHubFactory host, string[] served, string[] codes, string state = "contracted", string home = "putuo")
    {
        var admin = await host.ClientAsAsync(Admin);
        var created = await (await admin.PostAsJsonAsync("/api/providers", new
        {
            name = $"海岛服务队-{Guid.NewGuid():N}"[..20], kind = "social_org", jurisdictionId = home, jurisdictionIds = served, serviceCodes = codes,
        })).ReadOkAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        object[] steps = state switch
        {
            "applied" => [],
            "contracted" => [new { action = "contract", reason = "签约 / signed" }],
            "notice" => [new { action = "contract", reason = "签约 / signed" },
                         new { action = "notice", reason = "服务投诉 / complaints", deadline = DateTimeOffset.UtcNow.AddDays(30).ToString("O") }],
            "revoked" => [new { action = "contract", reason = "签约 / signed" }, new { action = "revoke", reason = "解约 / terminated" }],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var step in steps)
            (await admin.PostAsJsonAsync($"/api/providers/{id}/accreditation", step)).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>
    /// A client signed in as a new Provider user of <paramref name="providerId"/>. There is no user API, so the
    /// account is made with the host's UserManager (the demo password), then signs in over HTTP like any other.
    /// </summary>
    public static async Task<HttpClient> ProviderClientAsync(CaseHubFactory host, string providerId, string home = "putuo")
    {
        var email = $"provider.{providerId}@casehub.test";
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CaseHubUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                var user = CaseHubUser.Create(email, "服务队队员", home, providerId);
                var created = await users.CreateAsync(user, DemoUsers.DefaultPassword);
                Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
                Assert.True((await users.AddToRoleAsync(user, Roles.Provider)).Succeeded);
            }
        }
        return await host.ClientAsAsync(email);
    }

    public static string? ProviderOf(JsonElement ticket) =>
        ticket.GetProperty("providerId").ValueKind == JsonValueKind.String ? ticket.GetProperty("providerId").GetString() : null;

    public static IReadOnlyList<string> Outcomes(JsonElement task) => [.. task.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()!)];

    /// <summary>The ticket's tasks (from its own view) that are still open.</summary>
    public static IReadOnlyList<JsonElement> OpenTasks(JsonElement ticket) =>
        [.. ticket.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("open").GetBoolean())];

    /// <summary>The events of <paramref name="type"/> on the ticket, oldest first.</summary>
    public static IReadOnlyList<JsonElement> Events(JsonElement ticket, string type) =>
        [.. ticket.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == type)];

    public static async Task<JsonElement> ErrorsOf(HttpResponseMessage response, System.Net.HttpStatusCode status = System.Net.HttpStatusCode.BadRequest) =>
        (await response.AssertProblemAsync(status)).GetProperty("errors");
}
