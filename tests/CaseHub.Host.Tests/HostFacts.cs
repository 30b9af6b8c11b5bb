using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CaseHub.Core.Modules;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;
using CaseHub.Host.Infrastructure;
using CaseHub.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Host.Tests;

/// <summary>How the host starts, composes its modules and keeps its data; on SQLite files of their own.</summary>
public sealed partial class HostFacts
{
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CaseHub.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("CaseHub.sln not found above the test binaries.");
    }

    [Fact]
    public async Task EveryProjectUnderModules_IsRegisteredInTheHost()
    {
        var projects = Directory.GetFiles(Path.Combine(RepositoryRoot(), "modules"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();
        Assert.Equal(8, projects.Count);

        await using var host = new SqliteHost();
        var registered = host.Services.GetRequiredService<ModuleRegistry>().All
            .Select(m => m.GetType().Assembly.GetName().Name)
            .ToList();
        foreach (var project in projects)
            Assert.True(registered.Contains(project), $"{project} is under modules/ but Program.cs does not register it in AddCaseHubModules.");
    }

    [Fact]
    public void EveryModuleProject_ReferencesOnlyCoreOrWorkflows()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "modules"), "*.csproj", SearchOption.AllDirectories))
        {
            var references = XDocument.Load(file).Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));
            Assert.All(references, r => Assert.True(r is "CaseHub.Core" or "CaseHub.Workflows", $"{Path.GetFileName(file)} references {r}"));
        }
    }

    [Fact]
    public async Task EveryFileUnderWorkflows_ValidatesAndIsPublishedAtStart()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "workflows"), "*.json");
        Assert.NotEmpty(files);
        await using var host = new SqliteHost();
        await using var scope = host.Services.CreateAsyncScope();
        var validator = new WorkflowValidator(scope.ServiceProvider.GetRequiredService<ActivityRegistry>(), scope.ServiceProvider.GetRequiredService<ExpressionEngine>());
        var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>();
        foreach (var file in files)
        {
            var document = WorkflowJson.Parse(await File.ReadAllBytesAsync(file));
            var errors = validator.Validate(document).Where(i => i.Severity == IssueSeverity.Error).Select(i => $"{i.Field}: {i.Message}");
            Assert.True(!errors.Any(), $"{Path.GetFileName(file)}: {string.Join("; ", errors)}");
            var published = await definitions.FindAsync(document.DefinitionId!, null, publishedOnly: true);
            Assert.True(published is not null, $"{Path.GetFileName(file)} was not loaded at start.");
        }
    }

    [Fact]
    public async Task EveryModulesOwnWorkflow_ValidatesAndIsPublishedAtStart()
    {
        await using var host = new SqliteHost();
        await using var scope = host.Services.CreateAsyncScope();
        var modules = scope.ServiceProvider.GetRequiredService<ModuleRegistry>();
        var shipped = modules.All.SelectMany(m => m.Workflows.Select(w => (Module: m.Manifest.Id, w.Name, Document: WorkflowJson.Parse(w.Json)))).ToList();
        Assert.Contains(shipped, w => w is { Module: "relief", Document.DefinitionId: "casehub.relief-approval" });
        Assert.Contains(shipped, w => w is { Module: "legalaid", Document.DefinitionId: "casehub.legal-aid-review" });

        var validator = new WorkflowValidator(scope.ServiceProvider.GetRequiredService<ActivityRegistry>(), scope.ServiceProvider.GetRequiredService<ExpressionEngine>());
        var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>();
        foreach (var (_, name, document) in shipped)
        {
            var errors = validator.Validate(document).Where(i => i.Severity == IssueSeverity.Error).Select(i => $"{i.Field}: {i.Message}");
            Assert.True(!errors.Any(), $"{name}: {string.Join("; ", errors)}");
            Assert.True(await definitions.FindAsync(document.DefinitionId!, null, publishedOnly: true) is not null, $"{name} was not loaded at start.");
        }
    }

    [Fact]
    public async Task EveryCatalogueItem_RunsASharedWorkflowOrOneItsOwnModuleShips()
    {
        var shared = Directory.GetFiles(Path.Combine(RepositoryRoot(), "workflows"), "*.json")
            .Select(f => WorkflowJson.Parse(File.ReadAllBytes(f)).DefinitionId).ToHashSet();
        await using var host = new SqliteHost();
        foreach (var module in host.Services.GetRequiredService<ModuleRegistry>().All)
        {
            var own = module.Workflows.Select(w => WorkflowJson.Parse(w.Json).DefinitionId).ToHashSet();
            Assert.Empty(own.Intersect(shared));
            foreach (var item in module.ServiceItems)
                Assert.True(shared.Contains(item.Workflow) || own.Contains(item.Workflow),
                    $"{item.Code} runs '{item.Workflow}', which is neither under workflows/ nor shipped by the {module.Manifest.Id} module.");
        }
    }

    [Fact]
    public async Task AWorkflowFileReusingAModulesDefinitionId_StopsTheLoadAndNamesBothSources()
    {
        await using var host = new SqliteHost();
        var folder = Directory.CreateTempSubdirectory("casehub-workflows-").FullName;
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var relief = scope.ServiceProvider.GetRequiredService<ModuleRegistry>().Find("relief")!.Workflows.Single();
            await File.WriteAllBytesAsync(Path.Combine(folder, "copy.json"), relief.Json);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                scope.ServiceProvider.GetRequiredService<DefaultWorkflowLoader>().LoadAsync(folder, CancellationToken.None));
            Assert.Contains("workflows/copy.json", error.Message);
            Assert.Contains(relief.Name, error.Message);
            Assert.Contains("casehub.relief-approval", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class StampActivity : IActivity
    {
        public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        {
            context.SetVariable("Stamped", System.Text.Json.Nodes.JsonValue.Create(true));
            return ValueTask.FromResult(ActivityResult.Complete());
        }
    }

    [Fact]
    public async Task AnActivityAModuleRegisters_IsInTheRegistryValidationAndRuntime()
    {
        await using var host = new SqliteHost
        {
            TestServices = s => s.AddSingleton(new ActivityDescriptor
            {
                Type = "Relief.Stamp", Category = "救助", DisplayName = "盖章", Description = "Marks the case as stamped.", Activity = new StampActivity(),
            }),
        };
        var admin = await host.ClientAsAsync("admin@casehub.local");
        var registry = await (await admin.GetAsync("/api/workflows/activities")).ReadOkAsync<System.Text.Json.JsonElement>();
        Assert.Contains(registry.EnumerateArray(), a => a.GetProperty("type").GetString() == "Relief.Stamp" && a.GetProperty("displayName").GetString() == "盖章");

        var json = Definitions.Document("stamp", [Definitions.Activity("stamp", "Relief.Stamp")], []);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/workflows/definitions", Http.Json(json))).StatusCode);
        await admin.PostAsync("/api/workflows/definitions/stamp/publish", null);
        var run = await (await admin.PostAsJsonAsync("/api/workflows/definitions/stamp/execute", new { input = new { } })).ReadOkAsync<System.Text.Json.JsonElement>();
        Assert.Equal("Finished", run.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Host_WithNeitherDemoNorBootstrapAdmin_RefusesToStartAndNamesTheKeys()
    {
        await using var host = new SqliteHost();
        host.Settings["CaseHub:Demo:Enabled"] = "false";

        var error = Record.Exception(() => host.CreateClient());

        var messages = string.Join(" | ", Chain(error));
        Assert.Contains("CaseHub:Bootstrap:AdminEmail", messages);
        Assert.Contains("CaseHub:Bootstrap:AdminPassword", messages);
    }

    [Fact]
    public async Task Host_WithBootstrapAdmin_CreatesThatAdministratorAndNoDemoUsers()
    {
        await using var host = new SqliteHost();
        host.Settings["CaseHub:Demo:Enabled"] = "false";
        host.Settings["CaseHub:Bootstrap:AdminEmail"] = "chief@zhoushan.example";
        host.Settings["CaseHub:Bootstrap:AdminPassword"] = "Str0ng!Passphrase";
        var client = host.CreateClient();

        var ok = await client.PostAsJsonAsync("/api/auth/login", new { email = "chief@zhoushan.example", password = "Str0ng!Passphrase" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var demo = await client.PostAsJsonAsync("/api/auth/login", new { email = "admin@casehub.local", password = "CaseHub!2026" });
        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
    }

    [Fact]
    public async Task ModuleSettings_SurviveARestartOnTheSameFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"casehub-restart-{Guid.NewGuid():N}.db");
        await using (var first = new SqliteHost(file) { KeepDatabase = true })
        {
            var officer = await first.ClientAsAsync("putuo.officer@casehub.local");
            (await officer.PutJsonAsync("/api/jurisdictions/putuo/modules/logistics", new { enabled = false })).EnsureSuccessStatusCode();
        }

        await using var second = new SqliteHost(file);
        var items = await (await second.CreateClient().GetAsync("/api/catalog?jurisdictionId=baisha")).ReadOkAsync<List<ApiFacts.Item>>();
        Assert.DoesNotContain(items, i => i.Function == "logistics");
        Assert.Contains(items, i => i.Function == "health");
    }

    [Fact]
    public async Task LandingPage_ShowsModulesWithItemCountsTheTrueStationSentenceAndTheWayToSignIn()
    {
        await using var host = new SqliteHost();
        var html = await (await host.CreateClient().GetAsync("/")).Content.ReadAsStringAsync();

        Assert.Contains("幸福驿家", html);
        Assert.Contains("_content/CaseHub.Themes.Admin/css/admin.css", html); // the theme's layout rendered it
        Assert.Matches(@"data-module=""health"">\s*<strong>卫生健康</strong>[\s\S]*?<span class=""ch-figure"">16</span>", html);
        // 4 stations stand on 4 of the 13 registered islands; the sentence must not read as if 4 covered 13.
        Assert.Matches(@"已登记 <span class=""ch-figure"" id=""island-count"">13</span> 个海岛，其中 4 个岛上设有幸福驿家，共 <span class=""ch-figure"" id=""station-count"">4</span> 个驿站", html);
        Assert.Contains("href=\"/account/login\"", html);
        Assert.Contains("href=\"/scalar/v1\"", html);
    }

    [Fact]
    public async Task LoginPage_WrongPasswordShowsTheFormAgain_RightOneReturnsToTheJobDashboard()
    {
        await using var host = new SqliteHost();
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await (await client.GetAsync("/account/login?ReturnUrl=%2Fhangfire")).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(form).Groups[1].Value;

        var wrong = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "admin@casehub.local", ["password"] = "not-it", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("账号或密码错误", await wrong.Content.ReadAsStringAsync());

        var signedIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "admin@casehub.local", ["password"] = "CaseHub!2026", ["ReturnUrl"] = "/hangfire", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/hangfire", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task ApiDocuments_AreServed()
    {
        await using var host = new SqliteHost();
        var client = await host.ClientAsAsync("admin@casehub.local"); // outside Development the reference is for signed-in users
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        foreach (var route in new[] { "/api/catalog", "/api/modules", "/api/jurisdictions", "/api/auth/login", "/api/jurisdictions/{id}/modules/{moduleId}" })
            Assert.Contains($"\"{route}\"", openApi);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/v1")).StatusCode);
    }

    [Fact]
    public async Task EveryApiOperation_HasAnOperationIdAndABilingualSummary_AndAsksForTheBearerTokenUnlessAnonymous()
    {
        await using var host = new SqliteHost();
        var document = JsonDocument.Parse(await (await host.ClientAsAsync("admin@casehub.local")).GetStringAsync("/openapi/v1.json")).RootElement;

        var problems = new List<string>();
        var operations = new Dictionary<string, JsonElement>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("responses", out _)))
            {
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                operations[where] = operation.Value;
                if (!operation.Value.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString()))
                    problems.Add($"{where}: no operationId (WithName)");
                if (!operation.Value.TryGetProperty("summary", out var summary) || !BilingualSummary().IsMatch(summary.GetString() ?? ""))
                    problems.Add($"{where}: summary should read \"中文 / English\" (WithSummary), not {(summary.ValueKind == JsonValueKind.String ? $"'{summary}'" : "missing")}");
            }
        Assert.True(operations.Count >= 30, $"Only {operations.Count} operations in the document: {string.Join(", ", operations.Keys)}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        static bool AsksForBearer(JsonElement operation) =>
            operation.TryGetProperty("security", out var security) && security.EnumerateArray().Any(r => r.TryGetProperty("Bearer", out _));
        foreach (var secured in new[] { "GET /api/tasks", "POST /api/tickets", "POST /api/jurisdictions/{id}/suspensions", "POST /api/workflows/definitions" })
            Assert.True(AsksForBearer(operations[secured]), $"{secured} does not declare the Bearer requirement");
        foreach (var anonymous in new[] { "POST /api/auth/login", "GET /api/catalog" })
            Assert.False(AsksForBearer(operations[anonymous]), $"{anonymous} is anonymous but asks for a token");
    }

    [Fact]
    public async Task TheApiReference_TurnsOffEveryCloudFeature_AndPrefersTheBearerScheme()
    {
        await using var host = new SqliteHost();
        var page = await (await host.ClientAsAsync("admin@casehub.local")).GetStringAsync("/scalar/v1");

        // The page loads its script from this host and hands Scalar its configuration as one JSON object.
        Assert.DoesNotContain("https://", page);
        var match = ScalarConfiguration().Match(page);
        Assert.True(match.Success, $"No Scalar configuration found in:\n{page}");
        var config = JsonDocument.Parse(match.Groups[1].Value).RootElement;
        Assert.True(config.GetProperty("agent").GetProperty("disabled").GetBoolean(), "the AI agent is on");
        Assert.True(config.GetProperty("mcp").GetProperty("disabled").GetBoolean(), "MCP is on");
        Assert.False(config.GetProperty("telemetry").GetBoolean(), "telemetry is on");
        Assert.False(config.GetProperty("withDefaultFonts").GetBoolean(), "fonts come from Scalar's CDN");
        Assert.Equal("never", config.GetProperty("showDeveloperTools").GetString()); // the deploy and SDK generation toolbar
        Assert.True(config.GetProperty("hideClientButton").GetBoolean(), "the client download button shows");
        Assert.False(config.TryGetProperty("proxyUrl", out _), "requests go through a proxy");
        Assert.Equal("Bearer", Assert.Single(config.GetProperty("authentication").GetProperty("preferredSecurityScheme").EnumerateArray()).GetString());
    }

    private static IEnumerable<string> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e.Message;
    }

    /// <summary>Chinese first, then " / " (or "）/ " after a full-width bracket) and English.</summary>
    [GeneratedRegex(@"^(?=[^/]*\p{IsCJKUnifiedIdeographs})[^/]+ ?/ [A-Z][^\p{IsCJKUnifiedIdeographs}]+$")]
    private static partial Regex BilingualSummary();

    [GeneratedRegex(@"initialize\(\s*'[^']*',\s*(?:true|false),\s*(\{.*\}),")]
    private static partial Regex ScalarConfiguration();

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex AntiforgeryToken();
}
