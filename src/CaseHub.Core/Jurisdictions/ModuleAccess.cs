using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Modules;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Jurisdictions;

/// <summary>
/// Answers "which modules are on here", read from the database per call so a change made by a county
/// officer applies to the next request on every host, with no restart and no cache to invalidate.
/// </summary>
public sealed class ModuleAccess(CaseHubDbContext db, ModuleRegistry modules, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlySet<string>> EnabledModulesAsync(Jurisdiction place, CancellationToken ct = default)
    {
        var lineage = place.LineageIds;
        var settings = await db.ModuleSettings.AsNoTracking()
            .Where(s => lineage.Contains(s.JurisdictionId))
            .ToListAsync(ct);

        var enabled = new HashSet<string>();
        foreach (var module in modules.All)
        {
            // The setting nearest to the place (deepest in its lineage) decides.
            var nearest = settings
                .Where(s => s.ModuleId == module.Manifest.Id)
                .MaxBy(s => place.DepthOf(s.JurisdictionId));
            if (nearest?.Enabled ?? true) enabled.Add(module.Manifest.Id);
        }
        return enabled;
    }

    public async Task SetAsync(Jurisdiction place, string moduleId, bool enabled, string changedBy, CancellationToken ct = default)
    {
        var setting = await db.ModuleSettings.FindAsync([place.Id, moduleId], ct);
        if (setting is null)
        {
            setting = new ModuleSetting { JurisdictionId = place.Id, ModuleId = moduleId, ChangedBy = changedBy };
            db.ModuleSettings.Add(setting);
        }
        setting.Enabled = enabled;
        setting.ChangedBy = changedBy;
        setting.ChangedAt = clock.GetUtcNow();
        // Same SaveChanges as the setting: the audit row exists exactly when the change does.
        audit.Record(changedBy, enabled ? "module.enable" : "module.disable", nameof(ModuleSetting), $"{place.Id}/{moduleId}", place.Id,
            new { moduleId, enabled });
        await db.SaveChangesAsync(ct);
    }
}
