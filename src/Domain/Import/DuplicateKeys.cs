using System.Globalization;
using System.Text;
using ContactBox.Domain.Contacts;

namespace ContactBox.Domain.Import;

/// <summary>What makes two contacts the same for an import's duplicate policy.</summary>
public enum DuplicateKey
{
    /// <summary>Any of the contact's e-mail addresses, trimmed and compared case-insensitively.</summary>
    Email,

    /// <summary>Any of the contact's phone numbers in international form (see <see cref="DuplicateKeys.Phone"/>).</summary>
    Phone,

    /// <summary>The key the old system gave the contact (a column mapped to EXTERNAL_ID), trimmed, compared exactly.</summary>
    ExternalId,

    /// <summary>Last name (an organisation: its name) and first name with postal code, case- and space-insensitive.</summary>
    NameAndPostalCode,
}

/// <summary>
/// The normalised keys of a contact: a row and an existing contact are duplicates when the row's key is among the
/// contact's keys. A contact without the key's data (no e-mail address, no postal code …) has no key and never matches.
/// </summary>
public static class DuplicateKeys
{
    /// <summary>The keys of <paramref name="details"/> (a row: its only e-mail address or phone; a contact: all of them).</summary>
    public static IEnumerable<string> Of(DuplicateKey key, ContactDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return key switch
        {
            DuplicateKey.Email => details.Emails.Select(e => Email(e.Address)),
            DuplicateKey.Phone => details.Phones.Select(p => Phone(p.Number)).OfType<string>(),
            DuplicateKey.ExternalId => details.ExternalId is { } id ? [id.Trim()] : [],
            DuplicateKey.NameAndPostalCode => NameAndPostalCode(details) is { } k ? [k] : [],
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
    }

    /// <summary>Trimmed, lower case (invariant culture).</summary>
    public static string Email(string address) => address.Trim().ToLowerInvariant();

    /// <summary>
    /// Digits only, in international form: a leading <c>+</c> or <c>00</c> starts the country code, a single leading
    /// <c>0</c> is a German national number (<c>030 1234</c> = <c>+49 30 1234</c>); spaces, ( ) / - . are ignored.
    /// Without any of these prefixes the digits stay as they are. Fewer than five digits is no key.
    /// </summary>
    public static string? Phone(string number)
    {
        var digits = new StringBuilder(number.Length);
        foreach (var c in number.Where(char.IsAsciiDigit))
        {
            digits.Append(c);
        }

        var text = digits.ToString();
        if (text.Length < 5)
        {
            return null;
        }

        return number.TrimStart().StartsWith('+') ? "+" + text
            : text.StartsWith("00", StringComparison.Ordinal) ? "+" + text[2..]
            : text.StartsWith('0') ? "+49" + text[1..]
            : text;
    }

    /// <summary>"müller|erika|10115": lower case, inner spaces collapsed, postal code without spaces; null without a postal code or a name.</summary>
    public static string? NameAndPostalCode(ContactDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var postalCode = details.Addresses.Select(a => a.PostalCode).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));
        var name = details.LastName ?? details.OrganizationName;
        if (postalCode is null || string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        return string.Join('|', Fold(name), Fold(details.LastName is null ? "" : details.FirstName ?? ""), postalCode.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
    }

    private static string Fold(string text) =>
        string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToLower(CultureInfo.InvariantCulture);
}
