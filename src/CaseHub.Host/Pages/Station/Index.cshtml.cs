using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Modules;
using CaseHub.Host.Api;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Station;

/// <summary>The station's day: the return-visit calls to make, the island's open tickets, and the way into ordering for a resident.</summary>
[Authorize(Roles = Roles.StationStaff)]
public sealed class IndexModel(CaseService cases, ModuleRegistry modules) : PageModel
{
    public IReadOnlyList<ReturnVisitCall> Calls { get; private set; } = [];
    public IReadOnlyList<TicketSummary> Tickets { get; private set; } = [];
    public StationServices? Station { get; private set; }
    public ServiceTiles Tiles { get; private set; } = new([], _ => "");
    /// <summary>The ticket number of the call just recorded, to confirm it at the top of the page.</summary>
    [BindProperty(SupportsGet = true)] public string? Visited { get; set; }
    public string? CallError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>One tap on an outcome completes the call; the page comes back with the call gone and a confirmation.</summary>
    public async Task<IActionResult> OnPostOutcomeAsync(string? taskId, string? outcome, string? comment, CancellationToken ct)
    {
        var done = await cases.CompleteTaskAsync(User.Actor(), taskId ?? "", new CompleteTask(outcome, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), null), ct);
        if (done.Succeeded) return RedirectToPage(new { visited = await NumberAsync(done.Value!.TicketId, ct) });
        if (done.Outcome == CaseOutcome.NotFound) return NotFound();
        CallError = done.Problem!.Errors is { Count: > 0 } errors ? Bilingual.Half(errors.First().Value[0]) : Bilingual.Half(done.Problem.Title);
        await LoadAsync(ct);
        return Page();
    }

    public string ServiceName(string code) => Station?.Items.FirstOrDefault(i => i.Code == code) is { } item ? ServiceTiles.NameOf(item) : code;

    private async Task<string> NumberAsync(Guid ticketId, CancellationToken ct) =>
        (await cases.ReadTicketAsync(User.Actor(), ticketId, ct)).Value?.Number ?? "";

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = User.Actor();
        Calls = await cases.ReturnVisitCallsAsync(actor, ct);
        Tickets = await cases.OpenTicketsAsync(actor, 30, ct);
        Station = (await cases.StationServicesAsync(actor, null, ct)).Value;
        if (Station is not null) Tiles = ServiceTiles.Of(Station.Items, modules, code => $"/station/order?service={Uri.EscapeDataString(code)}");
    }
}
