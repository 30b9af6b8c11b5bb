using CaseHub.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static CaseHub.Browser.Tests.Infrastructure.Pages;

namespace CaseHub.Browser.Tests;

/// <summary>
/// Each page's first load on an empty browser cache must stay within 150 KB on the wire (island links are 4G at sea):
/// the HTML, styles, scripts and fonts the page pulls, as Chromium counts them (compressed bodies plus headers).
/// </summary>
[Collection(SqliteJourneys.Name)]
public sealed class PageWeightJourney(SqliteJourney journey, ITestOutputHelper output)
{
    private const long Limit = 150 * 1024;

    [Fact]
    public async Task EveryWorkPage_FirstLoadsInAtMost150KB()
    {
        var (ticketId, _) = await ApiOrders.HotlineOrderAsync(journey.BaseUrl, await ApiOrders.ApprovalItemForHealthAsync(journey.BaseUrl));
        var pages = new (string Who, string Path)[]
        {
            ("", "/"), ("", "/account/login"),
            (PutuoCaseworker, "/tasks"), (PutuoCaseworker, "/tickets"), (PutuoCaseworker, $"/tickets/{ticketId}"),
            (BaishaStaff, "/station"), (BaishaStaff, "/station/order"),
            (Hotline, "/kiosk?station=baisha-station"), (PutuoOfficer, "/county"),
        };
        var weights = new List<(string Path, long Bytes, int Requests)>();
        foreach (var (who, path) in pages) weights.Add(await FirstLoadAsync(who, path));

        foreach (var (path, bytes, requests) in weights) output.WriteLine($"{path}: {bytes / 1024.0:F1} KB in {requests} requests");
        var heavy = weights.Where(w => w.Bytes > Limit).Select(w => $"{w.Path} {w.Bytes / 1024.0:F1} KB").ToList();
        Assert.True(heavy.Count == 0, "over 150 KB: " + string.Join(", ", heavy));
        // The figure counts something real: every page pulls at least its HTML and the theme's stylesheet.
        Assert.All(weights, w => Assert.True(w.Requests >= 2 && w.Bytes > 2_000, $"{w.Path}: {w.Bytes} bytes in {w.Requests} requests"));
    }

    /// <summary>Signs in in one browser profile, then opens the page in a new profile with only its cookies: an empty cache.</summary>
    private async Task<(string Path, long Bytes, int Requests)> FirstLoadAsync(string who, string path)
    {
        if (who != "")
        {
            var signIn = await journey.Chromium.NewPageAsync(journey.BaseUrl);
            await SignInAsync(signIn, who);
            var cookies = await signIn.Context.StorageStateAsync();
            await signIn.Context.CloseAsync();
            await using var context = await journey.Chromium.Browser.NewContextAsync(new() { BaseURL = journey.BaseUrl, StorageState = cookies, Locale = "zh-CN" });
            return await MeasureAsync(context, path);
        }
        await using var anonymous = await journey.Chromium.Browser.NewContextAsync(new() { BaseURL = journey.BaseUrl, Locale = "zh-CN" });
        return await MeasureAsync(anonymous, path);
    }

    private static async Task<(string Path, long Bytes, int Requests)> MeasureAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        var finished = new List<IRequest>();
        page.RequestFinished += (_, request) => { lock (finished) finished.Add(request); };
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.True(response!.Ok, $"{path} answered {response.Status}");
        long bytes = 0;
        foreach (var request in finished.ToList())
        {
            var sizes = await request.SizesAsync();
            bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }
        return (path, bytes, finished.Count);
    }
}
