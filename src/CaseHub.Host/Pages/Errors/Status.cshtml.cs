using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Errors;

/// <summary>The theme's page for an error status (re-executed by the status-code middleware; the status stays).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code) => Code = code;
    public void OnPost(int code) => Code = code;
}
