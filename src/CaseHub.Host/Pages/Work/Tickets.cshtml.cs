using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Host.Api;
using CaseHub.Host.Ui;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Work;

/// <summary>The tickets in the caller's view (the facade's list and its filters), newest first, residents masked.</summary>
[Authorize(Roles = $"{Roles.Administrator},{Roles.CountyOfficer},{Roles.Caseworker},{Roles.StationStaff},{Roles.Provider}")]
public sealed class TicketsModel(CaseService cases, IStringLocalizer<UiText> L) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? ServiceCode { get; set; }
    [BindProperty(SupportsGet = true)] public string? JurisdictionId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public Page<TicketSummary> Tickets { get; private set; } = new([], 0);
    public CaseLabels Labels { get; private set; } = null!;
    public IReadOnlyList<Jurisdiction> Places { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];
    public Pager Pager => new(PageNumber ?? 1, Math.Max(1, (Tickets.Total + PageSize - 1) / PageSize), p => "/tickets" + With(p));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = User.Actor();
        foreach (var (key, entry) in ModelState.Where(e => e.Value?.Errors.Count > 0))
            Errors[key.ToLowerInvariant()] = L["日期格式应为 年-月-日"];
        var filter = new TicketFilter(Blank(Status), Blank(ServiceCode), Blank(JurisdictionId), PageNumber, PageSize, Blank(Channel), Blank(Q), From, To);
        var result = await cases.ListTicketsAsync(actor, filter, ct);
        if (result.Succeeded) Tickets = result.Value!;
        else if (result.Problem?.Errors is { } errors)
            foreach (var (field, messages) in errors) Errors[field.ToLowerInvariant()] = Bilingual.Half(messages[0]);
        else Errors["jurisdictionid"] = Bilingual.Half(result.Problem?.Title ?? "");
        Places = await cases.FilterPlacesAsync(actor, ct);
        Labels = await cases.LabelsAsync([.. Tickets.Items.Select(t => t.JurisdictionId), .. Places.Select(p => p.Id)],
            Tickets.Items.Select(t => t.ServiceCode), Tickets.Items.Select(t => t.ProviderId), ct);
    }

    /// <summary>This list's address with one query value changed (the pager).</summary>
    public string With(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["status"] = Status, ["serviceCode"] = ServiceCode, ["jurisdictionId"] = JurisdictionId, ["channel"] = Channel, ["q"] = Q,
        ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"), ["page"] = page.ToString(),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
