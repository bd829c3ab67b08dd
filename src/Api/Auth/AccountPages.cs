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

    public static string Consent(AntiforgeryTokenSet tokens, string clientName, IEnumerable<string> scopes, IEnumerable<KeyValuePair<string, string?>> parameters) => Layout("Allow access?", $"""
        <h1>Allow {E(clientName)} to access ContactBox?</h1>
        <p>{E(clientName)} asks to act for you with these permissions:</p>
        <ul>{string.Concat(scopes.Select(s => $"<li>{E(s)}</li>"))}</ul>
        <form method="post" action="{AuthRegistration.AuthorizePath}">
          {Antiforgery(tokens)}
          {string.Concat(parameters.Select(p => $"""<input type="hidden" name="{E(p.Key)}" value="{E(p.Value)}">"""))}
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

    private static string Error(string? error) => error is null ? "" : $"""<p role="alert">{E(error)}</p>""";

    private static string Antiforgery(AntiforgeryTokenSet tokens) =>
        $"""<input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">""";

    private static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");
}
