using CaseHub.Core.Catalog;
using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Modules;
using CaseHub.Host.Api;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Station;

/// <summary>
/// 代下单: station staff order for a resident — the service from the station's tiles, then one form with the
/// resident (found or created by phone), the item's own fields and who asked for it. The idempotency key is made
/// when the form is first shown and travels in it, so a double tap or a resubmit answers the same ticket.
/// </summary>
[Authorize(Roles = Roles.StationStaff)]
public sealed class OrderModel(CaseService cases, ModuleRegistry modules) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Service { get; set; }
    public StationServices Station { get; private set; } = null!;
    public ServiceItem? Item { get; private set; }
    public IReadOnlyList<FormField> Fields { get; private set; } = [];
    public ServiceTiles Tiles { get; private set; } = new([], _ => "");
    public string Key { get; private set; } = "";
    /// <summary>After "查找": the resident the phone belongs to, or that none is known yet.</summary>
    public ResidentView? Found { get; private set; }
    public bool Looked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Key = Guid.NewGuid().ToString("N");
        return Page();
    }

    /// <summary>"查找": who the phone belongs to, so a known resident keeps their name and a new one is created with the order.</summary>
    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Item is null) return NotFound();
        Key = Request.Form.Posted("key");
        var found = await cases.FindResidentAsync(User.Actor(), Request.Form.Posted("resident.phone"), ct);
        if (found.Succeeded) (Found, Looked) = (found.Value, true);
        else OrderForm.AddErrors(ModelState, found.Problem!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Item is null) return NotFound();
        Key = Request.Form.Posted("key");
        var form = Request.Form;
        var order = new PlaceOrder(Item.Code, Station.Station.Id, OrderValidation.StationProxy,
            new OrderResident(form.Posted("resident.name"), form.Posted("resident.phone"), null),
            new OrderProxy(form.Posted("proxy.name"), form.Posted("proxy.relation")), OrderForm.Read(form, Fields));
        var placed = await cases.PlaceOrderAsync(User.Actor(), order, Key, ct);
        if (placed.Succeeded) return Redirect($"/station/order/done?id={placed.Value!.Id}");
        OrderForm.AddErrors(ModelState, placed.Problem!);
        Response.StatusCode = placed.Outcome == CaseOutcome.Invalid ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var station = await cases.StationServicesAsync(User.Actor(), null, ct);
        if (!station.Succeeded) return false;
        Station = station.Value!;
        Tiles = ServiceTiles.Of(Station.Items, modules, code => $"/station/order?service={Uri.EscapeDataString(code)}");
        if (Service is null) return true;
        Item = Station.Items.FirstOrDefault(i => i.Code == Service);
        Fields = Item is null ? [] : OrderForm.Fields(Item);
        return Item is not null;
    }
}
