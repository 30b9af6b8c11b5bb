using Microsoft.Playwright;

namespace CaseHub.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright; Playwright downloads nothing. <c>CASEHUB_CHROMIUM</c> points
/// elsewhere if needed. Screenshots go to <c>CASEHUB_SCREENSHOTS</c> (scripts/test.sh sets and prints it).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CASEHUB_CHROMIUM") ?? "/usr/bin/chromium";

    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("CASEHUB_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium is not at {ExecutablePath}: apt-get install -y chromium (scripts/test.sh does it), or set CASEHUB_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"],
        });
    }

    /// <summary>A fresh browser profile (its own cookies) at a screen size, Chinese first, in Zhoushan's time.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            HasTouch = width <= 1024,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var size = page.ViewportSize;
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotFolder, $"{name}-{size?.Width}x{size?.Height}.png"),
            FullPage = true,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
