using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace ContactBox.Api.Auth;

/// <summary>The HTML of the sign-in and consent pages: plain forms that work without JavaScript.</summary>
public static class AccountPages
{
    public const string Refused = "The e-mail address or the password is not correct.";
    public const string LockedOut = "Too many failed attempts: this account is locked for a while. Please try again later.";
    public const string NoClient = "This sign-in page is opened by an application that wants to act for you. Please start from that application.";
    public const string Expired = "The form has expired. Please try again.";
    public const string PasswordsDiffer = "The two new passwords are not the same.";

    public static string SignIn(AntiforgeryTokenSet tokens, string? returnUrl, string? email, string? error) => Layout("Sign in to ContactBox", $"""
        <h1>Sign in to ContactBox</h1>
        {Error(error)}
        <form method="post" action="{AccountEndpoints.SignInPath}">
          {Antiforgery(tokens)}
          <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
          <p><label for="email">E-mail</label><br>
          <input id="email" name="email" type="email" autocomplete="username" required value="{E(email)}"></p>
          <p><label for="password">Password</label><br>
          <input id="password" name="password" type="password" autocomplete="current-password" required></p>
          <p><button type="submit">Sign in</button></p>
        </form>
        """);

    public static string ChangePassword(AntiforgeryTokenSet tokens, string ticket, string returnUrl, string? error) => Layout("Choose a new password", $"""
        <h1>Choose a new password</h1>
        <p>You signed in with a one-time password. Choose your own password (at least {Domain.Members.PasswordRules.MinLength} characters) to continue.</p>
        {Error(error)}
        <form method="post" action="{AccountEndpoints.PasswordPath}">
          {Antiforgery(tokens)}
          <input type="hidden" name="ticket" value="{E(ticket)}">
          <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
          <p><label for="newPassword">New password</label><br>
          <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required minlength="{Domain.Members.PasswordRules.MinLength}"></p>
          <p><label for="confirmPassword">New password again</label><br>
          <input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required></p>
          <p><button type="submit">Save and continue</button></p>
        </form>
        """);

    public static string ConfirmSignOut(AntiforgeryTokenSet tokens, string? memberName, IEnumerable<KeyValuePair<string, string?>> parameters) => Layout("Sign out?", $"""
        <h1>Sign out of ContactBox?</h1>
        <p>You are signed in as {E(memberName)}. An application asks to sign you out.</p>
        <form method="post" action="{AuthRegistration.EndSessionPath}">
          {Antiforgery(tokens)}
          {Hidden(parameters)}
          <p><button type="submit" name="confirm" value="signout">Sign out</button>
          <button type="submit" name="confirm" value="stay">Stay signed in</button></p>
        </form>
        """);

    public static string StillSignedIn(string? memberName) => Layout("Still signed in", $"""
        <h1>You are still signed in</h1>
        <p>You stay signed in to ContactBox as {E(memberName)}. You can close this window.</p>
        """);

    public static string Consent(AntiforgeryTokenSet tokens, string clientName, IEnumerable<string> scopes, IEnumerable<KeyValuePair<string, string?>> parameters) => Layout("Allow access?", $"""
        <h1>Allow {E(clientName)} to access ContactBox?</h1>
        <p>{E(clientName)} asks to act for you with these permissions:</p>
        <ul>{string.Concat(scopes.Select(s => $"<li>{E(s)}</li>"))}</ul>
        <form method="post" action="{AuthRegistration.AuthorizePath}">
          {Antiforgery(tokens)}
          {Hidden(parameters)}
          <p><button type="submit" name="consent" value="accept">Allow</button>
          <button type="submit" name="consent" value="deny">Deny</button></p>
        </form>
        """);

    private static string Layout(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
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

    private static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");
}
