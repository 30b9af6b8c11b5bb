using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Host.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Station;

/// <summary>After 代下单 (a redirect, so a reload orders nothing): the ticket number and what happens next.</summary>
[Authorize(Roles = Roles.StationStaff)]
public sealed class DoneModel(CaseService cases) : PageModel
{
    public TicketView Ticket { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var read = await cases.ReadTicketAsync(User.Actor(), id, ct);
        if (!read.Succeeded) return NotFound();
        Ticket = read.Value!;
        return Page();
    }
}
