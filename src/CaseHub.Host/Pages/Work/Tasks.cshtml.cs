using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Sla;
using CaseHub.Host.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Work;

/// <summary>
/// My tasks: the caller's open tasks from the case facade, soonest due first, with each clock in working time and the
/// counts per kind. The list part polls itself (<c>?handler=List</c>) so new tasks appear without a reload.
/// </summary>
[Authorize(Roles = $"{Roles.Administrator},{Roles.CountyOfficer},{Roles.Caseworker},{Roles.StationStaff},{Roles.Provider}")]
public sealed class TasksModel(CaseService cases, SlaClocks clocks) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public Page<TaskView> Tasks { get; private set; } = new([], 0);
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();
    public SlaClocks.Reader Clocks { get; private set; } = null!;
    public CaseLabels Labels { get; private set; } = null!;
    public Pager Pager => new(PageNumber ?? 1, Math.Max(1, (Tasks.Total + PageSize - 1) / PageSize), p => $"/tasks?kind={Kind}&page={p}");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>The list alone, for htmx's polling.</summary>
    public async Task<IActionResult> OnGetListAsync(CancellationToken ct) => await LoadAsync(ct) ?? Partial("_TaskList", this);

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var actor = User.Actor();
        if (Kind is { Length: 0 }) Kind = null;
        var result = await cases.TaskBoardAsync(actor, new TaskFilter(Kind, PageNumber, PageSize), ct);
        if (!result.Succeeded) return BadRequest();
        (Tasks, Counts) = (result.Value!.Tasks, result.Value.Counts);
        Clocks = await clocks.ForTicketsAsync(Tasks.Items.Select(t => t.TicketId), ct);
        Labels = await cases.LabelsAsync(Tasks.Items.Select(t => t.TicketJurisdictionId), Tasks.Items.Select(t => t.ServiceCode), [], ct);
        return null;
    }
}
