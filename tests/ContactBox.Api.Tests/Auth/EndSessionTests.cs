using System.Net;
using ContactBox.Api.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace ContactBox.Api.Tests.Auth;

/// <summary>RP-initiated sign-out: a confirmation page unless the member's own ID token asks, and the registered return address.</summary>
public sealed class EndSessionTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private const string Password = "a password to sign out with";

    private static readonly string EndSession = QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
    {
        ["post_logout_redirect_uri"] = ApiHost.TestRedirectUri.ToString(), ["state"] = "bye",
    });

    private async Task<(MemberBrowser Browser, MemberTokens Tokens)> SignedInAsync()
    {
        var email = $"e{Guid.NewGuid():N}"[..13] + "@example.de";
        await api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        return (browser, await browser.SignInAsync(email, Password));
    }

    [Fact]
    public async Task Without_a_hint_the_member_confirms_on_a_plain_page_and_then_returns_to_the_registered_address()
    {
        var (browser, _) = await SignedInAsync();
        using var _browser = browser;

        using var page = await browser.Http.GetAsync(EndSession);
        var html = await page.Content.ReadAsStringAsync();
        var stillSignedIn = await browser.RedirectOfAsync(browser.AuthorizeUrl());
        using var confirmed = await browser.SubmitFormAsync(html, "/connect/endsession", "confirm", "signout");
        var afterwards = await browser.RedirectOfAsync(browser.AuthorizeUrl());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Sign out of ContactBox?</h1>", html);
        Assert.DoesNotContain("<script", html);
        Assert.NotEmpty(browser.CodeFrom(stillSignedIn));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(ApiHost.TestRedirectUri.ToString() + "?state=bye", confirmed.Headers.Location!.ToString());
        Assert.Equal("/account/signin", afterwards.AbsolutePath);
    }

    [Fact]
    public async Task Staying_signed_in_keeps_the_sign_in_and_a_forged_post_signs_nobody_out()
    {
        var (browser, _) = await SignedInAsync();
        using var _browser = browser;
        var html = await browser.Http.GetStringAsync(EndSession);

        using var stay = await browser.SubmitFormAsync(html, "/connect/endsession", "confirm", "stay");
        using var forged = await browser.Http.PostAsync("/connect/endsession", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["post_logout_redirect_uri"] = ApiHost.TestRedirectUri.ToString(), ["confirm"] = "signout",
        }));
        var stillSignedIn = await browser.RedirectOfAsync(browser.AuthorizeUrl());

        Assert.Equal(HttpStatusCode.OK, stay.StatusCode);
        Assert.Contains("You are still signed in", await stay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotEmpty(browser.CodeFrom(stillSignedIn));
    }

    [Fact]
    public async Task The_members_own_id_token_as_hint_signs_out_at_once_and_another_members_asks_first()
    {
        var (browser, tokens) = await SignedInAsync();
        using var _browser = browser;
        var (other, otherTokens) = await SignedInAsync();
        using var _other = other;

        using var withOthersHint = await browser.Http.GetAsync(EndSession + "&id_token_hint=" + otherTokens.IdToken);
        using var withOwnHint = await browser.Http.GetAsync(EndSession + "&id_token_hint=" + tokens.IdToken);
        var afterwards = await browser.RedirectOfAsync(browser.AuthorizeUrl());

        Assert.Equal(HttpStatusCode.OK, withOthersHint.StatusCode);
        Assert.Contains("Sign out of ContactBox?", await withOthersHint.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, withOwnHint.StatusCode);
        Assert.Equal(ApiHost.TestRedirectUri.ToString() + "?state=bye", withOwnHint.Headers.Location!.ToString());
        Assert.Equal("/account/signin", afterwards.AbsolutePath);
    }

    [Fact]
    public async Task An_unregistered_return_address_is_refused()
    {
        var (browser, _) = await SignedInAsync();
        using var _browser = browser;

        using var response = await browser.Http.GetAsync("/connect/endsession?post_logout_redirect_uri=https%3A%2F%2Fevil.example.com%2F");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("post_logout_redirect_uri", await response.Content.ReadAsStringAsync());
    }
}
