using System.Text.RegularExpressions;
using ContactBox.Api.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace ContactBox.Api.Tests.Auth;

/// <summary>The sign-in page in Debian's headless Chromium, as a member uses it.</summary>
public sealed class SignInBrowserTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [SkippableFact]
    public async Task A_member_fills_in_the_sign_in_page_and_the_browser_lands_on_the_redirect_uri_with_a_code()
    {
        HeadlessChromium.SkipUnlessInstalled("the sign-in page");
        const string email = "browser@example.de";
        const string password = "a long and happy password";
        await api.CreateMemberAsync(api.DemoWorkspaceId, email, password);
        // A redirect URI on the API itself, so that the browser has somewhere real to land.
        var redirectUri = new Uri(api.BaseAddress, "/health/live");
        var client = await api.CreateMemberClientAsync(api.DemoWorkspaceId, redirectUri: redirectUri);
        using var flow = new MemberBrowser(api.BaseAddress, client.ClientId, redirectUri);

        await using var chromium = await HeadlessChromium.LaunchAsync(new()
        {
            Timeout = 60_000,
        }, stepTimeout: 30_000);
        var page = await chromium.PageAsync();

        await page.GotoAsync(new Uri(api.BaseAddress, flow.AuthorizeUrl()).ToString());
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/health/live\\?.*code="));

        var code = QueryHelpers.ParseQuery(new Uri(page.Url).Query)["code"].ToString();
        using var tokens = await flow.RedeemCodeAsync(code);
        Assert.True(tokens.IsSuccessStatusCode, await tokens.Content.ReadAsStringAsync());
    }
}
