using System.Text.Json;
using CaseHub.Core.Catalog;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Modules;
using CaseHub.Core.Providers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Data;

/// <summary>
/// Brings a database up to date at start: migrations, the jurisdiction tree, providers, every module's
/// catalogue, roles and the first users. Each step only adds what is missing, so restarts are cheap and
/// run-time edits survive.
/// </summary>
public sealed class CaseHubSeeder(
    CaseHubDbContext db,
    ModuleRegistry modules,
    UserManager<CaseHubUser> users,
    RoleManager<IdentityRole> roles,
    CaseHubOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Default order form: a free-text description and a preferred date.</summary>
    public const string DefaultFormSchema =
        """{"fields":[{"name":"details","label":"需求说明","type":"text","required":false},{"name":"preferredDate","label":"期望服务日期","type":"date","required":false}]}""";

    public async Task SeedAsync(CancellationToken ct = default)
    {
        // Migrate() also builds the design-time model to look for unmigrated changes; skip it when nothing is pending.
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
            await db.Database.MigrateAsync(ct);
        await SeedJurisdictionsAsync(ct);
        await SeedProvidersAsync(ct);
        await SeedCatalogAsync(ct);
        await SeedProviderLinksAsync(ct);
        await SeedIdentityAsync();
    }

    private sealed record JurisdictionSeed(string Id, string Code, string Name, string? NameEn, JurisdictionKind Kind, string? ParentId, int? Population);
    private sealed record ProviderSeed(string Id, string Name, string? NameEn, string Kind, string JurisdictionId);

    private async Task SeedJurisdictionsAsync(CancellationToken ct)
    {
        var existing = await db.Jurisdictions.ToDictionaryAsync(j => j.Id, ct);
        foreach (var seed in ReadSeed<JurisdictionSeed>("jurisdictions.json"))
        {
            if (existing.ContainsKey(seed.Id)) continue;
            var parent = seed.ParentId is null ? null : existing[seed.ParentId];
            var node = new Jurisdiction
            {
                Id = seed.Id, Code = seed.Code, Name = seed.Name, NameEn = seed.NameEn, Kind = seed.Kind,
                ParentId = seed.ParentId, Population = seed.Population, Path = Jurisdiction.PathOf(parent, seed.Id),
            };
            existing[seed.Id] = node;
            db.Jurisdictions.Add(node);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedProvidersAsync(CancellationToken ct)
    {
        var existing = await db.Providers.Select(p => p.Id).ToListAsync(ct);
        foreach (var seed in ReadSeed<ProviderSeed>("providers.json").Where(s => !existing.Contains(s.Id)))
        {
            // Task-force units and named partners are designated by the city's policy, so they start contracted.
            db.Providers.Add(new Provider
            {
                Id = seed.Id, Name = seed.Name, NameEn = seed.NameEn, Kind = seed.Kind,
                Accreditation = "contracted", JurisdictionId = seed.JurisdictionId,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedCatalogAsync(CancellationToken ct)
    {
        var city = await db.Jurisdictions.SingleAsync(j => j.Kind == JurisdictionKind.City, ct);
        var existing = await db.ServiceItems.Where(i => !i.IsLocal).ToDictionaryAsync(i => i.Code, ct);
        var catalogueWorkflows = modules.CatalogueWorkflows();
        foreach (var seed in modules.All.SelectMany(m => m.ServiceItems))
        {
            if (!existing.TryGetValue(seed.Code, out var item))
            {
                item = new ServiceItem
                {
                    Id = seed.Code, Code = seed.Code, Function = seed.Function, Name = seed.Name, Mode = seed.Mode,
                    ScopeJurisdictionId = city.Id, FormSchema = DefaultFormSchema,
                    SlaHours = DefaultSlaHours(seed.Mode), WorkflowDefinitionId = seed.Workflow,
                };
                db.ServiceItems.Add(item);
            }
            // The source facts follow the module; run-time settings (form, SLA, workflow) are left alone.
            item.Name = seed.Name;
            item.NameEn = seed.NameEn;
            item.Mode = seed.Mode;
            item.NeedsApproval = seed.NeedsApproval;
            item.ProviderName = seed.Provider;
            item.Source = seed.Source;
            // An item still on a workflow a catalogue names follows its own catalogue; one an administrator chose is left alone.
            if (item.WorkflowDefinitionId is null || catalogueWorkflows.Contains(item.WorkflowDefinitionId))
                item.WorkflowDefinitionId = seed.Workflow;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Seeded providers serve the whole city and deliver the base items whose source names them exactly;
    /// only missing links are added, so a restart adds nothing twice.
    /// </summary>
    private async Task SeedProviderLinksAsync(CancellationToken ct)
    {
        var city = await db.Jurisdictions.SingleAsync(j => j.Kind == JurisdictionKind.City, ct);
        var seedIds = ReadSeed<ProviderSeed>("providers.json").Select(s => s.Id).ToList();
        var providers = await db.Providers.Where(p => seedIds.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var served = (await db.Set<ProviderJurisdiction>().Where(l => l.JurisdictionId == city.Id).Select(l => l.ProviderId).ToListAsync(ct)).ToHashSet();
        var delivered = (await db.Set<ProviderService>().Select(l => new { l.ProviderId, l.ServiceCode }).ToListAsync(ct))
            .Select(l => (l.ProviderId, l.ServiceCode)).ToHashSet();
        var items = await db.ServiceItems.Where(i => !i.IsLocal && i.ProviderName != null).Select(i => new { i.Code, i.ProviderName }).ToListAsync(ct);
        foreach (var provider in providers)
        {
            if (!served.Contains(provider.Id))
                db.Set<ProviderJurisdiction>().Add(new ProviderJurisdiction { ProviderId = provider.Id, JurisdictionId = city.Id });
            foreach (var item in items.Where(i => i.ProviderName == provider.Name && !delivered.Contains((provider.Id, i.Code))))
                db.Set<ProviderService>().Add(new ProviderService { ProviderId = provider.Id, ServiceCode = item.Code });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The sources give no time limits: two working days for orders, a working week for scheduled visits.</summary>
    private static int DefaultSlaHours(string mode) => mode == "scheduled" ? 40 : 16;

    private async Task SeedIdentityAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");

        if (options.Demo.Enabled)
        {
            // Demo accounts share one password, so hash it once: each hash costs 100,000 PBKDF2 rounds,
            // and hashing it seven times was a quarter of a fresh demo install's start-up.
            string? demoHash = null;
            foreach (var demo in DemoUsers.All)
                demoHash = await EnsureUserAsync(demo.Email, demo.DisplayName, demo.Role, demo.JurisdictionId, demo.ProviderId, options.Demo.Password, demoHash);
        }

        if (!string.IsNullOrWhiteSpace(options.Bootstrap.AdminEmail) && !string.IsNullOrWhiteSpace(options.Bootstrap.AdminPassword))
        {
            var city = await db.Jurisdictions.SingleAsync(j => j.Kind == JurisdictionKind.City);
            await EnsureUserAsync(options.Bootstrap.AdminEmail, "管理员", Roles.Administrator, city.Id, null, options.Bootstrap.AdminPassword);
        }
    }

    /// <summary>Creates the user unless it exists; returns the password hash used, for reuse by the caller.</summary>
    private async Task<string?> EnsureUserAsync(string email, string displayName, string role, string jurisdictionId,
        string? providerId, string password, string? passwordHash = null)
    {
        if (await users.FindByEmailAsync(email) is not null) return passwordHash;
        var user = CaseHubUser.Create(email, displayName, jurisdictionId, providerId);
        if (passwordHash is null)
            Check(await users.CreateAsync(user, password), $"user {email}");
        else
        {
            user.PasswordHash = passwordHash;
            Check(await users.CreateAsync(user), $"user {email}");
        }
        Check(await users.AddToRoleAsync(user, role), $"role {role} for {email}");
        return user.PasswordHash;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    private static List<T> ReadSeed<T>(string file)
    {
        using var stream = typeof(CaseHubSeeder).Assembly.GetManifestResourceStream($"CaseHub.Core.Seed.{file}")
            ?? throw new InvalidOperationException($"Seed file {file} is not embedded in CaseHub.Core.");
        return JsonSerializer.Deserialize<List<T>>(stream, Json) ?? [];
    }
}
