using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Residents;
using CaseHub.Core.Sla;
using CaseHub.Host.Api;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Work;

/// <summary>
/// One ticket: status and SLA clock, the order's form, the masked resident (revealed through the audited read), the
/// timeline, and the caller's open task with its outcomes. Completing posts the outcome and its data to the facade;
/// the activity's refusals come back as field errors beside the fields, and nothing is stored.
/// </summary>
[Authorize(Roles = $"{Roles.Administrator},{Roles.CountyOfficer},{Roles.Caseworker},{Roles.StationStaff},{Roles.Provider}")]
public sealed class TicketModel(CaseService cases, SlaClocks clocks) : PageModel
{
    public TicketDetail Detail { get; private set; } = null!;
    public CaseLabels Labels { get; private set; } = null!;
    public SlaClocks.Reader Clocks { get; private set; } = null!;
    public ResidentRecord? Revealed { get; private set; }
    public string? RevealRefused { get; private set; }

    /// <summary>The task whose submission was refused, the message for the whole form, and the errors by field.</summary>
    public string? FailedTaskId { get; private set; }
    public string? Message { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }

    [BindProperty] public string? TaskId { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? ServedAt { get; set; }
    [BindProperty] public string? ServedBy { get; set; }
    [BindProperty] public string? ProviderId { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostCompleteAsync(Guid id, CancellationToken ct)
    {
        var result = await cases.CompleteTaskAsync(User.Actor(), TaskId ?? "", new CompleteTask(Outcome, Blank(Comment), DataOf()), ct);
        if (result.Succeeded)
        {
            Done = Outcome;
            return Redirect($"/tickets/{id}#timeline");
        }
        if (result.Outcome == CaseOutcome.NotFound && await LoadAsync(id, ct) is { } missing) return missing;
        FailedTaskId = TaskId;
        if (result.Problem?.Errors is { } errors)
            foreach (var (field, messages) in errors) Errors[field] = Bilingual.Half(messages[0]);
        else Message = Bilingual.Half(result.Problem?.Title ?? "");
        Response.StatusCode = result.Outcome switch
        {
            CaseOutcome.Invalid => StatusCodes.Status400BadRequest, CaseOutcome.Forbidden => StatusCodes.Status403Forbidden, _ => StatusCodes.Status409Conflict,
        };
        return await LoadAsync(id, ct) ?? Page();
    }

    /// <summary>The resident's full record through the audited read: the resident block alone for htmx, else the page.</summary>
    public async Task<IActionResult> OnPostRevealAsync(Guid id, CancellationToken ct)
    {
        var result = await cases.RevealResidentAsync(User.Actor(), id, ct);
        if (result.Outcome == CaseOutcome.NotFound) return NotFound();
        if (result.Succeeded) Revealed = result.Value;
        else RevealRefused = Bilingual.Half(result.Problem!.Detail);
        if (Request.Headers.ContainsKey("HX-Request"))
        {
            var read = await cases.ReadTicketDetailAsync(User.Actor(), id, ct);
            if (read.Value is null) return NotFound();
            Detail = read.Value;
            return Partial("_Resident", this);
        }
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var read = await cases.ReadTicketDetailAsync(User.Actor(), id, ct);
        if (read.Value is null) return NotFound();
        Detail = read.Value;
        var t = Detail.Ticket;
        Labels = await cases.LabelsAsync([t.JurisdictionId], [t.ServiceCode], [t.ProviderId, .. Detail.Assignable.Select(p => p.Id)], ct);
        Clocks = await clocks.ForTicketsAsync([t.Id], ct);
        return null;
    }

    /// <summary>The outcome's data as the activities read it; a typed time without an offset is China time, anything else goes as typed for the activity to refuse.</summary>
    private JsonElement? DataOf()
    {
        var data = new JsonObject();
        if (Outcome == "Delivered")
        {
            data["notes"] = Blank(Notes);
            data["servedAt"] = TimeText.TryRead(ServedAt, out var at) ? at.ToString("O") : ServedAt ?? "";
            data["servedBy"] = Blank(ServedBy);
        }
        if (Outcome == "Assign") data["providerId"] = Blank(ProviderId);
        return JsonSerializer.SerializeToElement(data);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
