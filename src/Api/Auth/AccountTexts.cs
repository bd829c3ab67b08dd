using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using Microsoft.AspNetCore.Http.Headers;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Auth;

/// <summary>
/// The words of the sign-in, password, consent and sign-out pages, in German and English. The language is the first
/// of the OpenID Connect request's <c>ui_locales</c> that is one of these, else the browser's most preferred one
/// (<c>Accept-Language</c>), else English.
/// </summary>
public sealed record AccountTexts
{
    public static readonly AccountTexts English = new()
    {
        Language = "en",
        SignInTitle = "Sign in to ContactBox",
        Email = "E-mail",
        Password = "Password",
        SignInButton = "Sign in",
        Refused = "The e-mail address or the password is not correct.",
        LockedOut = "Too many failed attempts: this account is locked for a while. Please try again later.",
        NoClient = "This sign-in page is opened by an application that wants to act for you. Please start from that application.",
        Expired = "The form has expired. Please try again.",
        PasswordsDiffer = "The two new passwords are not the same.",
        NewPasswordTitle = "Choose a new password",
        NewPasswordIntro = $"You signed in with a one-time password. Choose your own password (at least {PasswordRules.MinLength} characters) to continue.",
        NewPassword = "New password",
        NewPasswordAgain = "New password again",
        NewPasswordButton = "Save and continue",
        SignOutTitle = "Sign out?",
        SignOutHeading = "Sign out of ContactBox?",
        SignOutQuestion = "You are signed in as {0}. An application asks to sign you out.",
        SignOutButton = "Sign out",
        StayButton = "Stay signed in",
        StillSignedInTitle = "Still signed in",
        StillSignedInHeading = "You are still signed in",
        StillSignedInText = "You stay signed in to ContactBox as {0}. You can close this window.",
        ConsentTitle = "Allow access?",
        ConsentHeading = "Allow {0} to access ContactBox?",
        ConsentQuestion = "{0} asks to act for you with these permissions:",
        AllowButton = "Allow",
        DenyButton = "Deny",
        Scopes = new Dictionary<string, string>
        {
            [OpenIddictConstants.Scopes.OpenId] = "Know who you are (your sign-in)",
            [OpenIddictConstants.Scopes.Profile] = "See your name",
            [OpenIddictConstants.Scopes.Email] = "See your e-mail address",
            [OpenIddictConstants.Scopes.Roles] = "See your roles in the workspace",
            [OpenIddictConstants.Scopes.OfflineAccess] = "Keep acting for you after you close it, until you withdraw this",
            [AuthScopes.ContactsRead] = "Read your contacts, their timeline and follow-ups",
            [AuthScopes.ContactsWrite] = "Create, change and delete contacts, timeline entries and follow-ups",
            [AuthScopes.Attachments] = "Upload and download attachments",
            [AuthScopes.Export] = "Export contacts to CSV files",
            [AuthScopes.Import] = "Import contacts and timeline entries from CSV files",
            [AuthScopes.PrivacyAdmin] = "Manage data protection: purposes, consents, requests of data subjects",
            [AuthScopes.Admin] = "Administer the workspace: members, roles and applications",
        },
        Messages = new Dictionary<string, string>(),
    };

    public static readonly AccountTexts German = new()
    {
        Language = "de",
        SignInTitle = "Bei ContactBox anmelden",
        Email = "E-Mail",
        Password = "Passwort",
        SignInButton = "Anmelden",
        Refused = "Die E-Mail-Adresse oder das Passwort ist nicht richtig.",
        LockedOut = "Zu viele Fehlversuche: Dieses Konto ist eine Weile gesperrt. Bitte versuchen Sie es später noch einmal.",
        NoClient = "Diese Anmeldeseite öffnet eine Anwendung, die in Ihrem Namen handeln möchte. Bitte beginnen Sie in dieser Anwendung.",
        Expired = "Das Formular ist abgelaufen. Bitte versuchen Sie es noch einmal.",
        PasswordsDiffer = "Die beiden neuen Passwörter stimmen nicht überein.",
        NewPasswordTitle = "Neues Passwort wählen",
        NewPasswordIntro = $"Sie haben sich mit einem Einmalpasswort angemeldet. Wählen Sie Ihr eigenes Passwort (mindestens {PasswordRules.MinLength} Zeichen), um fortzufahren.",
        NewPassword = "Neues Passwort",
        NewPasswordAgain = "Neues Passwort wiederholen",
        NewPasswordButton = "Speichern und fortfahren",
        SignOutTitle = "Abmelden?",
        SignOutHeading = "Von ContactBox abmelden?",
        SignOutQuestion = "Sie sind als {0} angemeldet. Eine Anwendung möchte Sie abmelden.",
        SignOutButton = "Abmelden",
        StayButton = "Angemeldet bleiben",
        StillSignedInTitle = "Weiterhin angemeldet",
        StillSignedInHeading = "Sie sind weiterhin angemeldet",
        StillSignedInText = "Sie bleiben als {0} bei ContactBox angemeldet. Sie können dieses Fenster schließen.",
        ConsentTitle = "Zugriff erlauben?",
        ConsentHeading = "{0} Zugriff auf ContactBox erlauben?",
        ConsentQuestion = "{0} möchte mit diesen Berechtigungen in Ihrem Namen handeln:",
        AllowButton = "Erlauben",
        DenyButton = "Ablehnen",
        Scopes = new Dictionary<string, string>
        {
            [OpenIddictConstants.Scopes.OpenId] = "Wissen, wer Sie sind (Ihre Anmeldung)",
            [OpenIddictConstants.Scopes.Profile] = "Ihren Namen sehen",
            [OpenIddictConstants.Scopes.Email] = "Ihre E-Mail-Adresse sehen",
            [OpenIddictConstants.Scopes.Roles] = "Ihre Rollen im Arbeitsbereich sehen",
            [OpenIddictConstants.Scopes.OfflineAccess] = "Auch nach dem Schließen weiter für Sie handeln, bis Sie das widerrufen",
            [AuthScopes.ContactsRead] = "Ihre Kontakte, deren Verlauf und Wiedervorlagen lesen",
            [AuthScopes.ContactsWrite] = "Kontakte, Verlaufseinträge und Wiedervorlagen anlegen, ändern und löschen",
            [AuthScopes.Attachments] = "Anhänge hochladen und herunterladen",
            [AuthScopes.Export] = "Kontakte als CSV-Datei exportieren",
            [AuthScopes.Import] = "Kontakte und Verlaufseinträge aus CSV-Dateien importieren",
            [AuthScopes.PrivacyAdmin] = "Datenschutz verwalten: Zwecke, Einwilligungen, Anfragen betroffener Personen",
            [AuthScopes.Admin] = "Den Arbeitsbereich verwalten: Mitglieder, Rollen und Anwendungen",
        },
        // The password rules' own messages (the domain's words), as the password page shows them.
        Messages = new Dictionary<string, string>
        {
            [PasswordRules.TooShort] = $"Ein Passwort hat mindestens {PasswordRules.MinLength} Zeichen.",
            [PasswordRules.TooLong] = $"Ein Passwort hat höchstens {PasswordRules.MaxLength} Zeichen.",
            [PasswordRules.Unchanged] = "Wählen Sie ein anderes Passwort als das bisherige.",
        },
    };

    private AccountTexts() { }

    /// <summary>The page's <c>lang</c>.</summary>
    public required string Language { get; init; }

    public required string SignInTitle { get; init; }
    public required string Email { get; init; }
    public required string Password { get; init; }
    public required string SignInButton { get; init; }
    public required string Refused { get; init; }
    public required string LockedOut { get; init; }
    public required string NoClient { get; init; }
    public required string Expired { get; init; }
    public required string PasswordsDiffer { get; init; }
    public required string NewPasswordTitle { get; init; }
    public required string NewPasswordIntro { get; init; }
    public required string NewPassword { get; init; }
    public required string NewPasswordAgain { get; init; }
    public required string NewPasswordButton { get; init; }
    public required string SignOutTitle { get; init; }
    public required string SignOutHeading { get; init; }

    /// <summary>{0}: the member's name.</summary>
    public required string SignOutQuestion { get; init; }

    public required string SignOutButton { get; init; }
    public required string StayButton { get; init; }
    public required string StillSignedInTitle { get; init; }
    public required string StillSignedInHeading { get; init; }

    /// <summary>{0}: the member's name.</summary>
    public required string StillSignedInText { get; init; }

    public required string ConsentTitle { get; init; }

    /// <summary>{0}: the application's name.</summary>
    public required string ConsentHeading { get; init; }

    /// <summary>{0}: the application's name.</summary>
    public required string ConsentQuestion { get; init; }

    public required string AllowButton { get; init; }
    public required string DenyButton { get; init; }

    /// <summary>What each of ContactBox's scopes allows; another resource server's scope is shown by its name.</summary>
    public required IReadOnlyDictionary<string, string> Scopes { get; init; }

    /// <summary>Messages of the domain's rules in this language (English: as they are).</summary>
    public required IReadOnlyDictionary<string, string> Messages { get; init; }

    public string Scope(string scope) => Scopes.TryGetValue(scope, out var text) ? text : scope;

    public string Message(string message) => Messages.TryGetValue(message, out var text) ? text : message;

    /// <summary>The texts for a request: <paramref name="uiLocales"/> (space-separated language tags) first, then Accept-Language.</summary>
    public static AccountTexts For(HttpContext context, string? uiLocales)
    {
        foreach (var tag in (uiLocales ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Of(tag) is { } texts)
            {
                return texts;
            }
        }

        var accepted = new RequestHeaders(context.Request.Headers).AcceptLanguage
            .Where(l => l.Quality is not <= 0)
            .OrderByDescending(l => l.Quality ?? 1); // stable: equal weights keep the browser's order
        foreach (var language in accepted)
        {
            if (Of(language.Value.Value) is { } texts)
            {
                return texts;
            }
        }

        return English;
    }

    /// <summary>The texts for the request behind a sign-in page: its return URL is the authorize request with its ui_locales.</summary>
    public static AccountTexts ForReturnUrl(HttpContext context, string? returnUrl) =>
        For(context, AccountEndpoints.AuthorizeParameter(returnUrl, OpenIddictConstants.Parameters.UiLocales));

    private static AccountTexts? Of(string? tag)
    {
        var primary = (tag ?? "").Split('-')[0];
        return primary.Equals("de", StringComparison.OrdinalIgnoreCase) ? German
            : primary.Equals("en", StringComparison.OrdinalIgnoreCase) ? English
            : null;
    }
}
