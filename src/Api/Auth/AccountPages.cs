using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;

namespace ContactBox.Api.Auth;

/// <summary>The HTML of the sign-in and consent pages: plain forms that work without JavaScript.</summary>
public static class AccountPages
{
    public static string SignIn(AccountTexts t, AntiforgeryTokenSet tokens, string? returnUrl, string? email, string? error) => Layout(t, t.SignInTitle, $"""
        <h1>{E(t.SignInTitle)}</h1>
        {Error(error)}
        <form method="post" action="{AccountEndpoints.SignInPath}">
          {Antiforgery(tokens)}
          <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
          <p><label for="email">{E(t.Email)}</label><br>
          <input id="email" name="email" type="email" autocomplete="username" required value="{E(email)}"></p>
          <p><label for="password">{E(t.Password)}</label><br>
          <input id="password" name="password" type="password" autocomplete="current-password" required></p>
          <p><button type="submit">{E(t.SignInButton)}</button></p>
        </form>
        """);

    public static string ChangePassword(AccountTexts t, AntiforgeryTokenSet tokens, string ticket, string returnUrl, string? error) => Layout(t, t.NewPasswordTitle, $"""
        <h1>{E(t.NewPasswordTitle)}</h1>
        <p>{E(t.NewPasswordIntro)}</p>
        {Error(error)}
        <form method="post" action="{AccountEndpoints.PasswordPath}">
          {Antiforgery(tokens)}
          <input type="hidden" name="ticket" value="{E(ticket)}">
          <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
          <p><label for="newPassword">{E(t.NewPassword)}</label><br>
          <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required minlength="{Domain.Members.PasswordRules.MinLength}"></p>
          <p><label for="confirmPassword">{E(t.NewPasswordAgain)}</label><br>
          <input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required></p>
          <p><button type="submit">{E(t.NewPasswordButton)}</button></p>
        </form>
        """);

    public static string ConfirmSignOut(AccountTexts t, AntiforgeryTokenSet tokens, string? memberName, IEnumerable<KeyValuePair<string, string?>> parameters) => Layout(t, t.SignOutTitle, $"""
        <h1>{E(t.SignOutHeading)}</h1>
        <p>{Format(t.SignOutQuestion, memberName)}</p>
        <form method="post" action="{AuthRegistration.EndSessionPath}">
          {Antiforgery(tokens)}
          {Hidden(parameters)}
          <p><button type="submit" name="confirm" value="signout">{E(t.SignOutButton)}</button>
          <button type="submit" name="confirm" value="stay">{E(t.StayButton)}</button></p>
        </form>
        """);

    public static string StillSignedIn(AccountTexts t, string? memberName) => Layout(t, t.StillSignedInTitle, $"""
        <h1>{E(t.StillSignedInHeading)}</h1>
        <p>{Format(t.StillSignedInText, memberName)}</p>
        """);

    public static string Consent(AccountTexts t, AntiforgeryTokenSet tokens, string clientName, IEnumerable<string> scopes, IEnumerable<KeyValuePair<string, string?>> parameters) => Layout(t, t.ConsentTitle, $"""
        <h1>{Format(t.ConsentHeading, clientName)}</h1>
        <p>{Format(t.ConsentQuestion, clientName)}</p>
        <ul>{string.Concat(scopes.Select(s => $"<li>{E(t.Scope(s))}</li>"))}</ul>
        <form method="post" action="{AuthRegistration.AuthorizePath}">
          {Antiforgery(tokens)}
          {Hidden(parameters)}
          <p><button type="submit" name="consent" value="accept">{E(t.AllowButton)}</button>
          <button type="submit" name="consent" value="deny">{E(t.DenyButton)}</button></p>
        </form>
        """);

    private static string Layout(AccountTexts t, string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="{t.Language}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem{"}"} input{"{"}width:100%;padding:.4rem;font-size:1rem{"}"} [role=alert]{"{"}color:#a00{"}"}</style>
        </head>
        <body>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;

    /// <summary>A text with one name in it ({0}), the name encoded like the rest.</summary>
    private static string Format(string text, string? name) =>
        E(text).Replace("{0}", E(name), StringComparison.Ordinal);

    /// <summary>An OpenID Connect request's own parameters (without the page's fields), to repost from a form or come back to.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> RequestParameters(OpenIddict.Abstractions.OpenIddictRequest request, string formField) =>
        request.GetParameters()
            .Where(p => p.Key != formField && !p.Key.StartsWith("__RequestVerificationToken", StringComparison.Ordinal))
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()));

    private static string Hidden(IEnumerable<KeyValuePair<string, string?>> parameters) =>
        string.Concat(parameters.Select(p => $"""<input type="hidden" name="{E(p.Key)}" value="{E(p.Value)}">"""));

    private static string Error(string? error) => error is null ? "" : $"""<p role="alert">{E(error)}</p>""";

    private static string Antiforgery(AntiforgeryTokenSet tokens) =>
        $"""<input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">""";

    /// <summary>HTML-encoded; letters beyond ASCII (umlauts) stay as they are, the page being UTF-8.</summary>
    private static string E(string? value) => Encoder.Encode(value ?? "");

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
}
