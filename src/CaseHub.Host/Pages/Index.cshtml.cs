using CaseHub.Core;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Modules;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Pages;

/// <summary>The landing page: what CaseHub is, its modules and stations, and a sign-in for the demo users.</summary>
public sealed class IndexModel(CaseHubDbContext db, ModuleRegistry modules, SignInManager<CaseHubUser> signIn, CaseHubOptions options) : PageModel
{
    public sealed record ModuleSummary(string Id, string Name, string NameEn, int ItemCount);

    public IReadOnlyList<ModuleSummary> Modules { get; private set; } = [];
    public int StationCount { get; private set; }
    public int IslandCount { get; private set; }
    public bool DemoEnabled => options.Demo.Enabled;
    public IReadOnlyList<DemoUsers.DemoUser> Demo => DemoUsers.All;
    public string? Error { get; private set; }

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var counts = await db.ServiceItems.GroupBy(i => i.Function).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Modules = modules.All.Select(m => new ModuleSummary(m.Manifest.Id, m.Manifest.Name, m.Manifest.NameEn, counts.GetValueOrDefault(m.Manifest.Id))).ToList();
        StationCount = await db.Jurisdictions.CountAsync(j => j.Kind == JurisdictionKind.Station, ct);
        IslandCount = await db.Jurisdictions.CountAsync(j => j.Kind == JurisdictionKind.Island, ct);
    }

    public async Task<IActionResult> OnPostSignInAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Email) && !string.IsNullOrEmpty(Password))
        {
            var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded) return RedirectToPage();
        }
        Error = "邮箱或密码错误 / Wrong email or password";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage();
    }
}
