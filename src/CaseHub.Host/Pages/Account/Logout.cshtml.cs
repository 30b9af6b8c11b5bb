using CaseHub.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Account;

/// <summary>Sign-out is a POST (with the antiforgery token), so a link or an image cannot sign anyone out.</summary>
[Authorize]
public sealed class LogoutModel(SignInManager<CaseHubUser> signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Index");
    }
}
