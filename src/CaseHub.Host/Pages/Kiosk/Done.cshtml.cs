using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Host.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Kiosk;

/// <summary>The kiosk's confirmation (after a redirect, so a reload orders nothing): the ticket number, large, and what follows.</summary>
[Authorize(Roles = Roles.Channel)]
public sealed class DoneModel(CaseService cases) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Station { get; set; }
    public TicketView Ticket { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var read = await cases.ReadTicketAsync(User.Actor(), id, ct);
        if (!read.Succeeded) return NotFound();
        Ticket = read.Value!;
        return Page();
    }
}
