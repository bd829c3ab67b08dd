using System.Net;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace ContactBox.Api.Tests.Auth;

/// <summary>
/// The sign-in, password and consent pages speak German or English: the authorize request's ui_locales first, then
/// the browser's Accept-Language, else English.
/// </summary>
public abstract class AccountLanguageTests(ApiHost api)
{
    private const string Password = "ein ausreichend langes Passwort";
    private const string GermanBrowser = "de-DE,de;q=0.9,en;q=0.8";

    private ApiHost Api
    {
        get
        {
            api.SkipIfUnavailable();
            return api;
        }
    }

    private static string NewEmail() => $"l{Guid.NewGuid():N}"[..13] + "@example.de";

    [SkippableFact]
    public async Task A_german_browser_gets_the_sign_in_page_and_its_errors_in_german()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(GermanBrowser);

        var signInUrl = await browser.RedirectOfAsync(browser.AuthorizeUrl());
        var page = await browser.Http.GetStringAsync(signInUrl);
        using var wrong = await browser.SubmitSignInAsync(signInUrl, email, "nicht das richtige Passwort");

        Assert.Contains("<html lang=\"de\">", page);
        Assert.Contains("<h1>Bei ContactBox anmelden</h1>", page);
        Assert.Contains("<label for=\"password\">Passwort</label>", page);
        Assert.Contains("<button type=\"submit\">Anmelden</button>", page);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("<p role=\"alert\">Die E-Mail-Adresse oder das Passwort ist nicht richtig.</p>", await wrong.Content.ReadAsStringAsync());
    }

    [SkippableTheory]
    [InlineData("en", GermanBrowser, "en", "<h1>Sign in to ContactBox</h1>")]
    [InlineData("fr de", "en-US", "de", "<h1>Bei ContactBox anmelden</h1>")]
    [InlineData(null, "fr-FR, de;q=0.5, en;q=0.7", "en", "<h1>Sign in to ContactBox</h1>")]
    [InlineData(null, "fr-FR, de;q=0.7, en;q=0.5", "de", "<h1>Bei ContactBox anmelden</h1>")]
    [InlineData(null, "de;q=0, fr", "en", "<h1>Sign in to ContactBox</h1>")]
    [InlineData(null, null, "en", "<h1>Sign in to ContactBox</h1>")]
    public async Task The_requests_ui_locales_come_before_the_browsers_preferences(string? uiLocales, string? acceptLanguage, string language, string heading)
    {
        api.SkipIfUnavailable();
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        if (acceptLanguage is not null)
        {
            browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        var authorize = uiLocales is null ? browser.AuthorizeUrl() : QueryHelpers.AddQueryString(browser.AuthorizeUrl(), "ui_locales", uiLocales);
        var page = await browser.Http.GetStringAsync(await browser.RedirectOfAsync(authorize));

        Assert.Contains($"<html lang=\"{language}\">", page);
        Assert.Contains(heading, page);
    }

    [SkippableFact]
    public async Task The_consent_page_says_in_german_what_each_permission_allows()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        var thirdParty = await api.CreateMemberClientAsync(api.DemoWorkspaceId, isThirdParty: true);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId, thirdParty);
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(GermanBrowser);

        using var signedIn = await browser.SubmitSignInAsync(await browser.RedirectOfAsync(browser.AuthorizeUrl("openid contacts.read export")), email, Password);
        var consent = await browser.Http.GetStringAsync(signedIn.Headers.Location);

        Assert.Contains("<h1>Third-party app Zugriff auf ContactBox erlauben?</h1>", consent);
        Assert.Contains("<ul><li>Wissen, wer Sie sind (Ihre Anmeldung)</li><li>Ihre Kontakte, deren Verlauf und Wiedervorlagen lesen</li><li>Kontakte als CSV-Datei exportieren</li></ul>", consent);
        Assert.Contains("<button type=\"submit\" name=\"consent\" value=\"accept\">Erlauben</button>", consent);
    }

    [SkippableFact]
    public async Task After_a_reset_the_new_password_page_and_the_password_rules_speak_german()
    {
        var email = NewEmail();
        var id = GlobalId.Format("Member", await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password));
        var reset = await api.GraphQL.MutateAsync(
            "mutation($input: ResetMemberPasswordInput!) { resetMemberPassword(input: $input) { reset { oneTimePassword } errors { __typename } } }",
            "resetMemberPassword", "reset", new { input = new { id } });
        var oneTimePassword = reset.GetProperty("oneTimePassword").GetString()!;
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(GermanBrowser);

        using var oneTime = await browser.SubmitSignInAsync(await browser.RedirectOfAsync(browser.AuthorizeUrl()), email, oneTimePassword);
        var choosePage = await oneTime.Content.ReadAsStringAsync();
        using var tooShort = await browser.SubmitFormAsync(choosePage, "/account/password", "newPassword", "kurz", new Dictionary<string, string> { ["confirmPassword"] = "kurz" });
        using var differ = await browser.SubmitFormAsync(choosePage, "/account/password", "newPassword", "ein neues langes Passwort", new Dictionary<string, string> { ["confirmPassword"] = "ein anderes langes Passwort" });
        using var same = await browser.SubmitFormAsync(choosePage, "/account/password", "newPassword", oneTimePassword, new Dictionary<string, string> { ["confirmPassword"] = oneTimePassword });

        Assert.Contains("<h1>Neues Passwort wählen</h1>", choosePage);
        Assert.Contains("<p role=\"alert\">Ein Passwort hat mindestens 12 Zeichen.</p>", await tooShort.Content.ReadAsStringAsync());
        Assert.Contains("<p role=\"alert\">Die beiden neuen Passwörter stimmen nicht überein.</p>", await differ.Content.ReadAsStringAsync());
        Assert.Contains("<p role=\"alert\">Wählen Sie ein anderes Passwort als das bisherige.</p>", await same.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteAccountLanguageTests(SqliteApi api) : AccountLanguageTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlAccountLanguageTests(PostgresApi api) : AccountLanguageTests(api), IClassFixture<PostgresApi>;
