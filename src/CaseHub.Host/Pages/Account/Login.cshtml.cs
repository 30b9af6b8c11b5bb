using CaseHub.Core;
using CaseHub.Core.Identity;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Pages.Account;

/// <summary>Cookie sign-in on the same Identity users as the API; wrong passwords count towards the lockout.</summary>
public sealed class LoginModel(SignInManager<CaseHubUser> signIn, CaseHubOptions options, IStringLocalizer<UiText> L) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public bool DemoEnabled => options.Demo.Enabled;
    public IReadOnlyList<DemoUsers.DemoUser> Demo => DemoUsers.All;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email)) ModelState.AddModelError(nameof(Email), L["请输入账号（邮箱）"]);
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), L["请输入密码"]);
        if (!ModelState.IsValid) return Refused();

        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        ModelState.AddModelError("", result.IsLockedOut
            ? L["密码错误次数过多，账号已暂时锁定，请稍后再试"]
            : L["账号或密码错误"]);
        return Refused();
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
