using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CaseHub.Browser.Tests.Infrastructure;

/// <summary>What every journey does: sign in through the form, and check a page with axe-core.</summary>
public static class Pages
{
    public const string Password = "CaseHub!2026";
    public const string Admin = "admin@casehub.local";
    public const string PutuoOfficer = "putuo.officer@casehub.local";
    public const string PutuoCaseworker = "putuo.caseworker@casehub.local";
    public const string DinghaiCaseworker = "dinghai.caseworker@casehub.local";
    public const string BaishaStaff = "baisha.staff@casehub.local";
    public const string HealthProvider = "health.provider@casehub.local";
    public const string Hotline = "hotline@casehub.local";

    public static async Task SignInAsync(IPage page, string email, string password = Password, string? returnUrl = null)
    {
        await page.GotoAsync("/account/login" + (returnUrl is null ? "" : $"?ReturnUrl={Uri.EscapeDataString(returnUrl)}"));
        await page.GetByLabel("账号（邮箱）").FillAsync(email);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>axe-core on the page as it stands: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe on {page.Url}:\n" + string.Join("\n", bad.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }
}
