using ContactBox.Api.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ContactBox.Api.Tests.Explorer;

/// <summary>The Banana Cake Pop explorer at /graphql, driven in Debian's headless Chromium as a person would use it.</summary>
public sealed class ExplorerBrowserTests(SqliteApi api, ITestOutputHelper output) : IClassFixture<SqliteApi>
{
    private const string Query = "{ contacts(first: 5) { nodes { displayName } } }";

    // Generous for a busy two-core CI machine; a passing run takes a few seconds per step at most.
    private const float LoadTimeout = 60_000;
    private const float StepTimeout = 30_000;

    [SkippableFact]
    public async Task Explorer_runs_a_query_and_shows_the_result()
    {
        HeadlessChromium.SkipUnlessInstalled("the explorer");
        await api.GraphQL.MutateAsync(
            """mutation { createContact(input: {kind: PERSON, firstName: "Erika", lastName: "Mustermann"}) { contact { id } errors { __typename } } }""",
            "createContact", "contact");
        var endpoint = new Uri(api.BaseAddress, "graphql").ToString();

        await using var chromium = await HeadlessChromium.LaunchAsync(new()
        {
            ViewportSize = new() { Width = 1400, Height = 900 },
            // The IDE's service worker would precache every asset while the page loads, which a slow machine feels.
            ServiceWorkers = ServiceWorkerPolicy.Block,
            Timeout = LoadTimeout,
            // What a developer pastes into the explorer's connection settings (README): the API needs a token.
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {api.AccessToken}" },
        }, stepTimeout: StepTimeout);
        var page = await chromium.PageAsync();
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");

        try
        {
            await page.GotoAsync(endpoint);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create Document" }).ClickAsync(new() { Timeout = LoadTimeout });

            // The explorer loaded the schema by introspection (autocomplete and docs work).
            await Expect(page.GetByText("Schema available", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = StepTimeout });

            // Monaco closes brackets as they are typed one by one; text inserted at once is taken as it is.
            var operation = page.Locator(".monaco-editor[data-uri^='file:///operations/']");
            await operation.ClickAsync();
            await page.Keyboard.PressAsync("ControlOrMeta+A");
            await page.Keyboard.InsertTextAsync(Query);
            await Expect(operation.Locator(".view-lines")).ToHaveTextAsync(Query, new() { Timeout = StepTimeout });
            // The IDE copies the editor's text into its document a moment later (debounced); Run before that sends
            // an empty query. The tab's unsaved-changes mark appears once the document has the text.
            await Expect(page.Locator(".icon.changes")).ToBeVisibleAsync(new() { Timeout = StepTimeout });

            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Run Operation" }).ClickAsync(),
                r => r.Request.Method == "POST" && r.Request.PostData?.Contains("contacts(first: 5)", StringComparison.Ordinal) == true);

            Assert.Equal(endpoint, response.Url);
            Assert.Equal(200, response.Status);
            Assert.Equal("""{"data":{"contacts":{"nodes":[{"displayName":"Erika Mustermann"}]}}}""", await response.TextAsync());

            var responsePane = page.GetByRole(AriaRole.Toolbar)
                .Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Response", Exact = true }) })
                .Locator("xpath=..");
            await Expect(responsePane.Locator(".monaco-editor .view-lines")).ToContainTextAsync("\"displayName\": \"Erika Mustermann\"", new() { Timeout = StepTimeout });
        }
        catch
        {
            await SaveScreenshotAsync(page);
            throw;
        }
    }

    private async Task SaveScreenshotAsync(IPage page)
    {
        var path = Path.Combine(Path.GetTempPath(), $"contactbox-explorer-failure-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
        try
        {
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            output.WriteLine($"Screenshot of the page when the test failed: {path}");
        }
        catch (PlaywrightException e)
        {
            // The browser may be gone; the test's own failure is what matters.
            output.WriteLine($"No screenshot: {e.Message}");
        }
    }

}
