using CaseHub.Core;
using CaseHub.Core.Identity;
using CaseHub.Host.Infrastructure;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Pages.Account;

/// <summary>Cookie sign-in on the same Identity users as the API; wrong passwords count towards the lockout.</summary>
public sealed class LoginModel(SignInGuard guard, CaseHubOptions options, IWebHostEnvironment env, IStringLocalizer<UiText> L) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>Demo accounts are listed only on a development machine, never on a server that happens to have demo data.</summary>
    public bool DemoEnabled => options.Demo.Enabled && env.IsDevelopment();
    public IReadOnlyList<DemoUsers.DemoUser> Demo => DemoUsers.All;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email)) ModelState.AddModelError(nameof(Email), L["请输入账号（邮箱）"]);
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), L["请输入密码"]);
        if (!ModelState.IsValid) return Refused();

        var outcome = await guard.SignInAsync(Email!, Password!, HttpContext.Connection.RemoteIpAddress, IdentityConstants.ApplicationScheme);
        if (outcome.Answer == SignInAnswer.SignedIn) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        if (outcome.Answer == SignInAnswer.Throttled)
        {
            ModelState.AddModelError("", L["尝试次数过多，请 {0} 分钟后再试", (int)Math.Ceiling(outcome.RetryAfter.TotalMinutes)]);
            Response.Headers.RetryAfter = ((int)Math.Ceiling(outcome.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        ModelState.AddModelError("", L["账号或密码错误"]);
        return Refused();
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
