using ContactBox.Api.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ContactBox.Api.Tests.Auth;

/// <summary>
/// Banana Cake Pop's own OAuth 2 settings, as the README tells a developer to fill them in, in Debian's headless
/// Chromium: authorization code with PKCE through the sign-in page in the explorer's pop-up, then <c>{ me }</c>.
/// </summary>
public sealed class ExplorerSignInBrowserTests(SqliteApi api, ITestOutputHelper output) : IClassFixture<SqliteApi>
{
    private const float LoadTimeout = 60_000;
    private const float StepTimeout = 30_000;
    private const string Query = "{ me { member { email roles } scopes } }";

    [SkippableFact]
    public async Task The_explorer_gets_a_token_by_code_and_PKCE_from_its_own_settings_and_runs_me()
    {
        HeadlessChromium.SkipUnlessInstalled("the explorer's sign-in");
        const string email = "explorer@example.de";
        const string password = "an explorer's password";
        await api.CreateMemberAsync(api.DemoWorkspaceId, email, password, Domain.Members.MemberRoles.Dpo);
        // A client like contactbox-explorer (public, first-party, every scope) whose redirect URI is this host's explorer
        // address; the demo's own is registered for the configured Urls, and this host listens on a port chosen at start.
        var endpoint = new Uri(api.BaseAddress, "graphql").ToString();
        var client = await api.CreateMemberClientAsync(api.DemoWorkspaceId, redirectUri: new Uri(endpoint));

        await using var chromium = await HeadlessChromium.LaunchAsync(new()
        {
            ViewportSize = new() { Width = 1400, Height = 1000 },
            ServiceWorkers = ServiceWorkerPolicy.Block,
            Timeout = LoadTimeout,
        }, stepTimeout: StepTimeout);
        var page = await chromium.PageAsync();
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        try
        {
            await page.GotoAsync(endpoint);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create Document" }).ClickAsync(new() { Timeout = LoadTimeout });

            // The settings as the README lists them (PKCE with SHA-256 is the explorer's default for this grant).
            await page.GetByRole(AriaRole.Button, new() { Name = "Connection Settings" }).ClickAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Authorization" }).ClickAsync();
            await page.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "OAuth 2" });
            await page.GetByLabel("Grant Type").SelectOptionAsync(new SelectOptionValue { Label = "Authorization Code" });
            await page.GetByLabel("Authorization URL").FillAsync(new Uri(api.BaseAddress, "connect/authorize").ToString());
            await page.GetByLabel("Access Token URL").FillAsync(new Uri(api.BaseAddress, "connect/token").ToString());
            await page.GetByLabel("Client ID").FillAsync(client.ClientId);
            await page.GetByLabel("Redirect URL").FillAsync(endpoint);
            await page.GetByLabel("Scope").FillAsync("openid profile email roles contacts.read");
            await page.GetByLabel("Credentials").SelectOptionAsync(new SelectOptionValue { Label = "In Request Body" });
            await Expect(page.GetByLabel("Code Challenge Method")).ToHaveValueAsync("S256");

            // Fetch opens the sign-in in a pop-up; the pop-up comes back to the explorer's address with the code,
            // hands it to the explorer and closes; the explorer redeems it with its code verifier.
            string? tokenRequest = null;
            page.Request += (_, request) =>
            {
                if (request.Url.EndsWith("/connect/token", StringComparison.Ordinal))
                {
                    tokenRequest = request.PostData;
                }
            };
            var popup = await page.RunAndWaitForPopupAsync(() => page.GetByText("Fetch", new() { Exact = true }).ClickAsync());
            var closed = new TaskCompletionSource();
            popup.Close += (_, _) => closed.TrySetResult();
            await popup.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/account/signin"));
            var authorizeUrl = Uri.UnescapeDataString(popup.Url);
            await popup.GetByLabel("E-mail").FillAsync(email);
            await popup.GetByLabel("Password").FillAsync(password);
            await popup.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await closed.Task.WaitAsync(TimeSpan.FromMilliseconds(StepTimeout));
            await Expect(page.Locator("#access_token")).Not.ToBeEmptyAsync(new() { Timeout = StepTimeout });
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

            // With the token the explorer may load the schema (introspection needs a token on this host).
            await page.GetByRole(AriaRole.Button, new() { Name = "Reload Schema" }).ClickAsync();
            await Expect(page.GetByText("Schema available", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
            var operation = page.Locator(".monaco-editor[data-uri^='file:///operations/']");
            await operation.ClickAsync();
            await page.Keyboard.PressAsync("ControlOrMeta+A");
            await page.Keyboard.InsertTextAsync(Query);
            await Expect(operation.Locator(".view-lines")).ToHaveTextAsync(Query, new() { Timeout = StepTimeout });
            await Expect(page.Locator(".icon.changes")).ToBeVisibleAsync(new() { Timeout = StepTimeout });
            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Run Operation" }).ClickAsync(),
                r => r.Request.Method == "POST" && r.Request.PostData?.Contains("me {", StringComparison.Ordinal) == true);

            Assert.Contains("code_challenge_method=S256", authorizeUrl);
            Assert.Contains("client_id=" + client.ClientId, authorizeUrl);
            Assert.NotNull(tokenRequest);
            Assert.Contains("grant_type=authorization_code", tokenRequest);
            Assert.Contains("code_verifier=", tokenRequest);
            Assert.Equal(200, response.Status);
            Assert.Equal($$$$"""{"data":{"me":{"member":{"email":"{{{{email}}}}","roles":["MEMBER","DPO"]},"scopes":["contacts.read","email","openid","profile","roles"]}}}""", await response.TextAsync());
        }
        catch
        {
            var path = Path.Combine(Path.GetTempPath(), $"contactbox-explorer-signin-failure-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            output.WriteLine($"Screenshot of the page when the test failed: {path}");
            throw;
        }
    }
}
