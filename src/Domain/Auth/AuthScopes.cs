namespace ContactBox.Domain.Auth;

/// <summary>The OAuth scopes of ContactBox: each gates one capability of the API.</summary>
public static class AuthScopes
{
    public const string ContactsRead = "contacts.read";
    public const string ContactsWrite = "contacts.write";
    public const string Attachments = "attachments";
    public const string Export = "export";
    public const string Import = "import";
    public const string PrivacyAdmin = "privacy.admin";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [ContactsRead, ContactsWrite, Attachments, Export, Import, PrivacyAdmin, Admin];
}
