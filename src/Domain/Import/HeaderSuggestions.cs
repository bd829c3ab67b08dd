using System.Globalization;
using System.Text;

namespace ContactBox.Domain.Import;

/// <summary>
/// Suggests a contact field from a column header, in German and English ("Vorname", "E-Mail", "PLZ", "Ort", …).
/// The contact fields' own API names ("firstName", "postalCode", …) are suggested too, so a plain RFC 4180 file
/// with those names as headers (the GENERIC_CSV export) imports with the suggestions alone.
/// </summary>
public static class HeaderSuggestions
{
    private static readonly Dictionary<string, ImportField> Known = Build(
        (ImportField.Kind, ["kind", "art", "typ", "type", "kontaktart"]),
        (ImportField.Salutation, ["salutation", "anrede"]),
        (ImportField.Title, ["title", "titel", "akademischertitel"]),
        (ImportField.FirstName, ["firstname", "vorname", "givenname", "first"]),
        (ImportField.LastName, ["lastname", "nachname", "name", "familienname", "surname", "familyname", "last"]),
        (ImportField.OrganizationName, ["organizationname", "organisation", "organization", "organisationname", "firma", "company", "unternehmen", "companyname", "firmenname"]),
        (ImportField.Department, ["department", "abteilung"]),
        (ImportField.JobTitle, ["jobtitle", "position", "funktion", "berufsbezeichnung", "stelle"]),
        (ImportField.Website, ["website", "webseite", "homepage", "url", "internet", "web"]),
        (ImportField.Birthday, ["birthday", "geburtstag", "geburtsdatum", "dateofbirth", "birthdate"]),
        (ImportField.Email, ["email", "emailadresse", "mail", "emailaddress", "mailadresse", "primaryemail"]),
        (ImportField.Phone, ["phone", "telefon", "tel", "telefonnummer", "phonenumber", "mobil", "mobile", "handy", "primaryphone"]),
        (ImportField.Street, ["street", "strasse", "straße", "strasseundhausnummer", "adresse", "address", "anschrift"]),
        (ImportField.PostalCode, ["postalcode", "plz", "postleitzahl", "zip", "zipcode", "postcode"]),
        (ImportField.City, ["city", "ort", "stadt", "wohnort", "town"]),
        (ImportField.Region, ["region", "bundesland", "state", "province"]),
        (ImportField.Country, ["country", "land", "countrycode", "laendercode", "ländercode"]),
        (ImportField.Tags, ["tags", "schlagworte", "schlagwörter", "labels", "gruppen", "kategorien"]));

    /// <summary>The field a header suggests, or null when it suggests none.</summary>
    public static ImportField? Suggest(string? header) =>
        header is not null && Known.TryGetValue(Key(header), out var field) ? field : null;

    /// <summary>Suggestions for every header that has one; the first column suggesting a field wins it.</summary>
    public static IReadOnlyList<ColumnMapping> For(IEnumerable<string> headers)
    {
        var mapping = new List<ColumnMapping>();
        foreach (var header in headers)
        {
            if (Suggest(header) is { } field && mapping.TrueForAll(m => m.Field != field))
            {
                mapping.Add(new ColumnMapping(header, field));
            }
        }

        return mapping;
    }

    /// <summary>Lower case letters and digits only: "E-Mail" and "e_mail" and "EMail" are one key.</summary>
    private static string Key(string header)
    {
        var key = new StringBuilder(header.Length);
        foreach (var c in header.Trim().ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(c);
            }
        }

        return key.ToString();
    }

    private static Dictionary<string, ImportField> Build(params (ImportField Field, string[] Names)[] entries) =>
        entries.SelectMany(e => e.Names.Select(n => (n, e.Field))).ToDictionary(p => p.n, p => p.Field, StringComparer.Ordinal);
}
