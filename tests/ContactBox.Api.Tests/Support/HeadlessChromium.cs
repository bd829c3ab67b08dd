using Microsoft.Playwright;

namespace ContactBox.Api.Tests.Support;

/// <summary>
/// Debian's Chromium under Playwright, as these machines allow it: headless as root (no sandbox), nothing phoning
/// home, a fresh profile per test that is deleted afterwards. Playwright's own browser download cannot work here.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly DirectoryInfo _profile;
    private readonly IPlaywright _playwright;

    private HeadlessChromium(DirectoryInfo profile, IPlaywright playwright, IBrowserContext browser) =>
        (_profile, _playwright, Browser) = (profile, playwright, browser);

    public IBrowserContext Browser { get; }

    /// <summary>Skips the test when Chromium is missing on a developer's machine; in CI (CI=true) a missing browser is a failure.</summary>
    public static void SkipUnlessInstalled(string whatWasNotTested)
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new InvalidOperationException($"Chromium is required in CI but {ExecutablePath} does not exist (apt-get install chromium).");
        }

        Skip.If(true, $"Chromium is not installed at {ExecutablePath}, so {whatWasNotTested} was not tested in a browser (apt-get install chromium).");
    }

    /// <summary>Starts the browser with the caller's options (viewport, timeouts, headers …) plus the ones this machine needs.</summary>
    public static async Task<HeadlessChromium> LaunchAsync(BrowserTypeLaunchPersistentContextOptions options, float stepTimeout)
    {
        options.ExecutablePath = ExecutablePath;
        options.Headless = true;
        options.Args = Args;
        var profile = Directory.CreateTempSubdirectory("contactbox-chromium-");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, options);
            browser.SetDefaultTimeout(stepTimeout);
            return new HeadlessChromium(profile, playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The page the browser opened with (a persistent context starts with one).</summary>
    public async Task<IPage> PageAsync() => Browser.Pages.Count > 0 ? Browser.Pages[0] : await Browser.NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        _profile.Delete(recursive: true);
    }
}
