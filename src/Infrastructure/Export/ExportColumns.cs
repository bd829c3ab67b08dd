using System.Globalization;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.CustomFields;
using ContactBox.Domain.Export;

namespace ContactBox.Infrastructure.Export;

/// <summary>One contact as read for an export: its data and what decides whether the purpose covers it.</summary>
public sealed record ExportRow(
    Contact Contact,
    List<string> Tags,
    bool Restricted,
    bool Objected,
    Guid? SourceTypeId,
    bool HasActiveAssignment,
    bool HasAssignment,
    bool HasWithdrawnAssignment,
    List<ExportCustomValue> CustomValues);

/// <summary>A contact's value of a custom field chosen for the export.</summary>
public sealed record ExportCustomValue(Guid FieldId, string? Text, double? Number, DateOnly? Date, bool? Boolean, List<Guid> OptionIds);

/// <summary>Names the lookups a row's owner and source need (members and source types, few per workspace).</summary>
public sealed record ExportLookups(IReadOnlyDictionary<Guid, string> Owners, IReadOnlyDictionary<Guid, string> Sources);

/// <summary>The column headers each preset expects, and each field's value in a preset's format. The one column table.</summary>
public static class ExportColumns
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    // Headers per field: generic, mail merge (German), Mailchimp, rapidmail.
    private static readonly Dictionary<ExportField, string[]> Headers = new()
    {
        [ExportField.Kind] = ["kind", "Art", "Contact Type", "kind"],
        [ExportField.Salutation] = ["salutation", "Anrede", "Salutation", "gender"],
        [ExportField.LetterSalutation] = ["letterSalutation", "Briefanrede", "Letter Salutation", "salutation"],
        [ExportField.Title] = ["title", "Titel", "Title", "title"],
        [ExportField.FirstName] = ["firstName", "Vorname", "First Name", "firstname"],
        [ExportField.LastName] = ["lastName", "Nachname", "Last Name", "lastname"],
        [ExportField.DisplayName] = ["displayName", "Name", "Full Name", "name"],
        [ExportField.OrganizationName] = ["organizationName", "Firma", "Company", "company"],
        [ExportField.Department] = ["department", "Abteilung", "Department", "department"],
        [ExportField.JobTitle] = ["jobTitle", "Position", "Job Title", "position"],
        [ExportField.PrimaryEmail] = ["email", "E-Mail", "Email Address", "email"],
        [ExportField.Emails] = ["emails", "E-Mail-Adressen", "Other Emails", "emails"],
        [ExportField.PrimaryPhone] = ["phone", "Telefon", "Phone Number", "phone"],
        [ExportField.Phones] = ["phones", "Telefonnummern", "Phone Numbers", "phones"],
        [ExportField.Street] = ["street", "Straße", "Street Address", "street"],
        [ExportField.PostalCode] = ["postalCode", "PLZ", "Zip", "zip"],
        [ExportField.City] = ["city", "Ort", "City", "city"],
        [ExportField.Region] = ["region", "Bundesland", "State/Prov/Region", "state"],
        [ExportField.Country] = ["country", "Land", "Country", "country"],
        [ExportField.Addresses] = ["addresses", "Adressen", "Addresses", "addresses"],
        [ExportField.Website] = ["website", "Website", "Website", "website"],
        [ExportField.Birthday] = ["birthday", "Geburtstag", "Birthday", "birthdate"],
        [ExportField.Tags] = ["tags", "Schlagwörter", "Tags", "tags"],
        [ExportField.Owner] = ["owner", "Betreuer", "Owner", "owner"],
        [ExportField.Source] = ["source", "Quelle", "Source", "source"],
    };

    public static string Header(ExportField field, ExportPreset preset) => Headers[field][(int)preset];

    public static string Value(ExportField field, ExportPreset preset, ExportRow row, ExportLookups lookups)
    {
        var c = row.Contact;
        var address = c.Addresses.Count > 0 ? c.Addresses[0] : null;
        return field switch
        {
            ExportField.Kind => c.Kind.ToString(),
            ExportField.Salutation => Salutation(c.Salutation, preset),
            ExportField.LetterSalutation => LetterSalutation(c),
            ExportField.Title => c.Title ?? string.Empty,
            ExportField.FirstName => c.FirstName ?? string.Empty,
            ExportField.LastName => c.LastName ?? string.Empty,
            ExportField.DisplayName => c.DisplayName,
            ExportField.OrganizationName => c.OrganizationName ?? string.Empty,
            ExportField.Department => c.Department ?? string.Empty,
            ExportField.JobTitle => c.JobTitle ?? string.Empty,
            ExportField.PrimaryEmail => PrimaryEmail(c) ?? string.Empty,
            ExportField.Emails => string.Join(", ", c.Emails.Select(e => e.Address)),
            ExportField.PrimaryPhone => c.Phones.FirstOrDefault(p => p.IsPrimary)?.Number ?? string.Empty,
            ExportField.Phones => string.Join(", ", c.Phones.Select(p => p.Number)),
            ExportField.Street => address?.Street ?? string.Empty,
            ExportField.PostalCode => address?.PostalCode ?? string.Empty,
            ExportField.City => address?.City ?? string.Empty,
            ExportField.Region => address?.Region ?? string.Empty,
            ExportField.Country => address?.Country ?? string.Empty,
            ExportField.Addresses => string.Join(" | ", c.Addresses.Select(a =>
                string.Join(", ", new[] { a.Street, Joined(a.PostalCode, a.City), a.Region, a.Country }.Where(p => !string.IsNullOrEmpty(p))))),
            ExportField.Website => c.Website ?? string.Empty,
            ExportField.Birthday => Birthday(c.Birthday, preset),
            ExportField.Tags => string.Join(preset == ExportPreset.Mailchimp ? "," : ", ", row.Tags.Order(StringComparer.Ordinal)),
            ExportField.Owner => c.OwnerId is { } owner ? lookups.Owners.GetValueOrDefault(owner, string.Empty) : string.Empty,
            ExportField.Source => row.SourceTypeId is { } source ? lookups.Sources.GetValueOrDefault(source, string.Empty) : string.Empty,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };
    }

    /// <summary>A custom field's column: numbers and dates as the preset writes them, yes/no (ja/nein for mail merge), option labels joined like tags.</summary>
    public static string CustomValue(CustomField field, ExportPreset preset, ExportRow row)
    {
        if (row.CustomValues.Find(v => v.FieldId == field.Id) is not { } value)
        {
            return string.Empty;
        }

        var format = preset switch
        {
            ExportPreset.MailMerge => CustomFieldFormat.German,
            ExportPreset.Mailchimp => CustomFieldFormat.Invariant with { Separator = "," },
            _ => CustomFieldFormat.Invariant,
        };
        return format.Write(field, value.Text, value.Number, value.Date, value.Boolean, value.OptionIds);
    }

    public static string? PrimaryEmail(Contact contact) => contact.Emails.FirstOrDefault(e => e.IsPrimary)?.Address;

    /// <summary>The letter's salutation line in German: "Sehr geehrte Frau Dr. Müller", "Sehr geehrte Damen und Herren".</summary>
    public static string LetterSalutation(Contact c)
    {
        if (c.Kind == ContactKind.Organization || c.LastName is null)
        {
            return c.Kind == ContactKind.Person && c.FirstName is not null ? $"Hallo {c.FirstName}" : "Sehr geehrte Damen und Herren";
        }

        var name = Joined(c.Title, c.LastName);
        return c.Salutation switch
        {
            Domain.Contacts.Salutation.Ms => $"Sehr geehrte Frau {name}",
            Domain.Contacts.Salutation.Mr => $"Sehr geehrter Herr {name}",
            _ => $"Guten Tag {Joined(c.Title, Joined(c.FirstName, c.LastName))}",
        };
    }

    private static string Salutation(Salutation? salutation, ExportPreset preset) => (salutation, preset) switch
    {
        (null, _) => string.Empty,
        (Domain.Contacts.Salutation.Ms, ExportPreset.MailMerge) => "Frau",
        (Domain.Contacts.Salutation.Mr, ExportPreset.MailMerge) => "Herr",
        (_, ExportPreset.MailMerge) => string.Empty,
        (Domain.Contacts.Salutation.Ms, ExportPreset.Rapidmail) => "female",
        (Domain.Contacts.Salutation.Mr, ExportPreset.Rapidmail) => "male",
        (_, ExportPreset.Rapidmail) => string.Empty,
        ({ } value, _) => value.ToString(),
    };

    private static string Birthday(DateOnly? birthday, ExportPreset preset) => birthday is not { } day
        ? string.Empty
        : preset switch
        {
            ExportPreset.MailMerge => day.ToString("dd.MM.yyyy", German),
            // Mailchimp's birthday merge field is month and day only.
            ExportPreset.Mailchimp => day.ToString("MM/dd", CultureInfo.InvariantCulture),
            _ => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };

    private static string Joined(string? first, string? second) => string.Join(' ', new[] { first, second }.Where(p => !string.IsNullOrEmpty(p)));
}
