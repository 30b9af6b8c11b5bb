using CaseHub.Core.Catalog;
using CaseHub.Core.Cases;
using CaseHub.Core.Identity;
using CaseHub.Core.Modules;
using CaseHub.Host.Api;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Host.Pages.Kiosk;

/// <summary>
/// The resident's self-service screen at a station: tiles, the item's form with their name and phone, then the
/// ticket number. The device signs in once as a channel; <c>?station=</c> says where it stands. The idempotency
/// key is made when the form is shown, so a second tap on 确认 makes no second ticket.
/// </summary>
[Authorize(Roles = Roles.Channel)]
public sealed class IndexModel(CaseService cases, ModuleRegistry modules) : PageModel
{
    public const string Channel = "kiosk";

    [BindProperty(SupportsGet = true)] public string? Station { get; set; }
    [BindProperty(SupportsGet = true)] public string? Service { get; set; }
    /// <summary>Null when <see cref="Station"/> is missing or names no station: the page then asks staff to set the address.</summary>
    public StationServices? Place { get; private set; }
    public ServiceItem? Item { get; private set; }
    public IReadOnlyList<FormField> Fields { get; private set; } = [];
    public ServiceTiles Tiles { get; private set; } = new([], _ => "");
    public string Key { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Unset();
        if (Service is not null && Item is null) return NotFound();
        Key = Guid.NewGuid().ToString("N");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Unset();
        if (Item is null) return NotFound();
        Key = Request.Form.Posted("key");
        var form = Request.Form;
        var order = new PlaceOrder(Item.Code, Place!.Station.Id, Channel,
            new OrderResident(form.Posted("resident.name"), form.Posted("resident.phone"), null), null, OrderForm.Read(form, Fields));
        var placed = await cases.PlaceOrderAsync(User.Actor(), order, Key, ct);
        if (placed.Succeeded) return Redirect($"/kiosk/done?station={Uri.EscapeDataString(Place.Station.Id)}&id={placed.Value!.Id}");
        OrderForm.AddErrors(ModelState, placed.Problem!);
        Response.StatusCode = placed.Outcome == CaseOutcome.Invalid ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict;
        return Page();
    }

    public string Home => $"/kiosk?station={Uri.EscapeDataString(Station ?? "")}";

    // A kiosk without its address is a set-up mistake, not a missing record: say so in words, with a 404 status.
    private PageResult Unset()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Station)) return false;
        var place = await cases.StationServicesAsync(User.Actor(), Station, ct);
        if (!place.Succeeded) return false;
        Place = place.Value!;
        Tiles = ServiceTiles.Of(Place.Items, modules, code => $"{Home}&service={Uri.EscapeDataString(code)}");
        Item = Service is null ? null : Place.Items.FirstOrDefault(i => i.Code == Service);
        Fields = Item is null ? [] : OrderForm.Fields(Item);
        return true;
    }
}
