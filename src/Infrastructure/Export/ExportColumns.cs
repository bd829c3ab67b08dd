using System.Globalization;
using System.Linq.Expressions;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.CustomFields;
using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Persistence;

namespace ContactBox.Infrastructure.Export;

/// <summary>Names the lookups a row's owner and source need (members and source types, few per workspace).</summary>
public sealed record ExportLookups(IReadOnlyDictionary<Guid, string> Owners, IReadOnlyDictionary<Guid, string> Sources)
{
    public static ExportLookups None { get; } = new(new Dictionary<Guid, string>(), new Dictionary<Guid, string>());
}

/// <summary>
/// What a column reads from the database: one projection of the contact, shared by every column with the same
/// <see cref="Key"/> (City and Street read the one address list), selected only when a chosen column needs it.
/// </summary>
public sealed record ExportSource(string Key, Expression<Func<ContactBoxDbContext, Contact, object?>> Projection)
{
    public static ExportSource Of<T>(string key, Expression<Func<ContactBoxDbContext, Contact, T>> projection) =>
        new(key, Expression.Lambda<Func<ContactBoxDbContext, Contact, object?>>(Expression.Convert(projection.Body, typeof(object)), projection.Parameters));
}

/// <summary>
/// One column of an export, in one place: its header in each preset, what it reads (<see cref="Source"/>) and how
/// that value is written in a preset's format. A new kind of column (e.g. a custom field) is one more of these.
/// </summary>
public sealed record ExportColumn(string Generic, string MailMerge, string Mailchimp, string Rapidmail, ExportSource Source, Func<object?, ExportPreset, ExportLookups, string> Format)
{
    public string Header(ExportPreset preset) => preset switch
    {
        ExportPreset.MailMerge => MailMerge,
        ExportPreset.Mailchimp => Mailchimp,
        ExportPreset.Rapidmail => Rapidmail,
        _ => Generic,
    };

    public static ExportColumn Text<T>(string[] headers, ExportSource source, Func<T, ExportPreset, ExportLookups, string> format) =>
        new(headers[0], headers[1], headers[2], headers[3], source, (value, preset, lookups) => format((T)value!, preset, lookups));
}

/// <summary>A contact's value of a custom field chosen for the export.</summary>
public sealed record ExportCustomValue(Guid FieldId, string? Text, double? Number, DateOnly? Date, bool? Boolean, List<Guid> OptionIds);

/// <summary>The name parts a salutation is made of.</summary>
public sealed record NameParts(ContactKind Kind, Salutation? Salutation, string? Title, string? FirstName, string? LastName);

/// <summary>The column table: each field's headers (generic, mail merge in German, Mailchimp, rapidmail), source and format.</summary>
public static class ExportColumns
{
    // Separates the tags of a contact inside one aggregated value; tags are sorted and joined after reading.
    public const char TagSeparator = '\u001f';

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static class Sources
    {
        public static readonly ExportSource Kind = ExportSource.Of("kind", (db, c) => c.Kind);
        public static readonly ExportSource Name = ExportSource.Of("name", (db, c) => new NameParts(c.Kind, c.Salutation, c.Title, c.FirstName, c.LastName));
        public static readonly ExportSource Salutation = ExportSource.Of("salutation", (db, c) => c.Salutation);
        public static readonly ExportSource Title = ExportSource.Of("title", (db, c) => c.Title);
        public static readonly ExportSource FirstName = ExportSource.Of("firstName", (db, c) => c.FirstName);
        public static readonly ExportSource LastName = ExportSource.Of("lastName", (db, c) => c.LastName);
        public static readonly ExportSource DisplayName = ExportSource.Of("displayName", (db, c) => c.DisplayName);
        public static readonly ExportSource OrganizationName = ExportSource.Of("organizationName", (db, c) => c.OrganizationName);
        public static readonly ExportSource Department = ExportSource.Of("department", (db, c) => c.Department);
        public static readonly ExportSource JobTitle = ExportSource.Of("jobTitle", (db, c) => c.JobTitle);
        public static readonly ExportSource Emails = ExportSource.Of("emails", (db, c) => c.Emails);
        public static readonly ExportSource Phones = ExportSource.Of("phones", (db, c) => c.Phones);
        public static readonly ExportSource Addresses = ExportSource.Of("addresses", (db, c) => c.Addresses);
        public static readonly ExportSource Website = ExportSource.Of("website", (db, c) => c.Website);
        public static readonly ExportSource Birthday = ExportSource.Of("birthday", (db, c) => c.Birthday);
        public static readonly ExportSource Owner = ExportSource.Of("owner", (db, c) => c.OwnerId);

        // One aggregate (group_concat / string_agg) instead of a second query for the tags.
        public static readonly ExportSource Tags = ExportSource.Of("tags", (db, c) => string.Join(TagSeparator.ToString(), c.Tags.Select(t => t.Name)));
        public static readonly ExportSource SourceType = ExportSource.Of("source", (db, c) => db.ContactPrivacy.Where(p => p.ContactId == c.Id).Select(p => p.SourceTypeId).FirstOrDefault());
    }

    private static readonly Dictionary<ExportField, ExportColumn> Columns = new()
    {
        [ExportField.Kind] = ExportColumn.Text<ContactKind>(["kind", "Art", "Contact Type", "kind"], Sources.Kind, (v, _, _) => v.ToString()),
        [ExportField.Salutation] = ExportColumn.Text<Salutation?>(["salutation", "Anrede", "Salutation", "gender"], Sources.Salutation, (v, p, _) => SalutationText(v, p)),
        [ExportField.LetterSalutation] = ExportColumn.Text<NameParts>(["letterSalutation", "Briefanrede", "Letter Salutation", "salutation"], Sources.Name, (v, _, _) => LetterSalutation(v)),
        [ExportField.Title] = Plain(["title", "Titel", "Title", "title"], Sources.Title),
        [ExportField.FirstName] = Plain(["firstName", "Vorname", "First Name", "firstname"], Sources.FirstName),
        [ExportField.LastName] = Plain(["lastName", "Nachname", "Last Name", "lastname"], Sources.LastName),
        [ExportField.DisplayName] = Plain(["displayName", "Name", "Full Name", "name"], Sources.DisplayName),
        [ExportField.OrganizationName] = Plain(["organizationName", "Firma", "Company", "company"], Sources.OrganizationName),
        [ExportField.Department] = Plain(["department", "Abteilung", "Department", "department"], Sources.Department),
        [ExportField.JobTitle] = Plain(["jobTitle", "Position", "Job Title", "position"], Sources.JobTitle),
        [ExportField.PrimaryEmail] = ExportColumn.Text<List<EmailAddress>>(["email", "E-Mail", "Email Address", "email"], Sources.Emails, (v, _, _) => PrimaryEmail(v) ?? string.Empty),
        [ExportField.Emails] = ExportColumn.Text<List<EmailAddress>>(["emails", "E-Mail-Adressen", "Other Emails", "emails"], Sources.Emails, (v, _, _) => string.Join(", ", v.Select(e => e.Address))),
        [ExportField.PrimaryPhone] = ExportColumn.Text<List<PhoneNumber>>(["phone", "Telefon", "Phone Number", "phone"], Sources.Phones, (v, _, _) => v.FirstOrDefault(p => p.IsPrimary)?.Number ?? string.Empty),
        [ExportField.Phones] = ExportColumn.Text<List<PhoneNumber>>(["phones", "Telefonnummern", "Phone Numbers", "phones"], Sources.Phones, (v, _, _) => string.Join(", ", v.Select(p => p.Number))),
        [ExportField.Street] = FirstAddress(["street", "Straße", "Street Address", "street"], a => a.Street),
        [ExportField.PostalCode] = FirstAddress(["postalCode", "PLZ", "Zip", "zip"], a => a.PostalCode),
        [ExportField.City] = FirstAddress(["city", "Ort", "City", "city"], a => a.City),
        [ExportField.Region] = FirstAddress(["region", "Bundesland", "State/Prov/Region", "state"], a => a.Region),
        [ExportField.Country] = FirstAddress(["country", "Land", "Country", "country"], a => a.Country),
        [ExportField.Addresses] = ExportColumn.Text<List<PostalAddress>>(["addresses", "Adressen", "Addresses", "addresses"], Sources.Addresses, (v, _, _) => string.Join(" | ", v.Select(a =>
            string.Join(", ", new[] { a.Street, Joined(a.PostalCode, a.City), a.Region, a.Country }.Where(p => !string.IsNullOrEmpty(p)))))),
        [ExportField.Website] = Plain(["website", "Website", "Website", "website"], Sources.Website),
        [ExportField.Birthday] = ExportColumn.Text<DateOnly?>(["birthday", "Geburtstag", "Birthday", "birthdate"], Sources.Birthday, (v, p, _) => BirthdayText(v, p)),
        [ExportField.Tags] = ExportColumn.Text<string?>(["tags", "Schlagwörter", "Tags", "tags"], Sources.Tags, (v, p, _) => TagsText(v, p)),
        [ExportField.Owner] = ExportColumn.Text<Guid?>(["owner", "Betreuer", "Owner", "owner"], Sources.Owner,
            (v, _, lookups) => v is { } owner ? lookups.Owners.GetValueOrDefault(owner, string.Empty) : string.Empty),
        [ExportField.Source] = ExportColumn.Text<Guid?>(["source", "Quelle", "Source", "source"], Sources.SourceType,
            (v, _, lookups) => v is { } source ? lookups.Sources.GetValueOrDefault(source, string.Empty) : string.Empty),
    };

    public static ExportColumn Of(ExportField field) => Columns[field];

    /// <summary>
    /// The columns of the chosen custom fields, headed by their labels in every preset; they share one source (the
    /// contact's values of those fields). Numbers and dates as the preset writes them, yes/no (ja/nein for mail merge),
    /// option labels joined like tags.
    /// </summary>
    public static IEnumerable<ExportColumn> Of(IReadOnlyList<CustomField> fields)
    {
        var ids = fields.Select(f => f.Id).ToList();
        var source = ExportSource.Of("customFields", (db, c) => c.CustomFieldValues.Where(v => ids.Contains(v.FieldId))
            .Select(v => new ExportCustomValue(v.FieldId, v.Text, v.Number, v.Date, v.Boolean, v.Options.Select(o => o.OptionId).ToList())).ToList());
        return fields.Select(field => ExportColumn.Text<List<ExportCustomValue>>([field.Label, field.Label, field.Label, field.Label], source,
            (values, preset, _) => CustomValue(field, preset, values)));
    }

    private static string CustomValue(CustomField field, ExportPreset preset, List<ExportCustomValue> values)
    {
        if (values.Find(v => v.FieldId == field.Id) is not { } value)
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

    public static string Header(ExportField field, ExportPreset preset) => Columns[field].Header(preset);

    public static string? PrimaryEmail(IEnumerable<EmailAddress>? emails) => emails?.FirstOrDefault(e => e.IsPrimary)?.Address;

    public static string LetterSalutation(Contact c) => LetterSalutation(new NameParts(c.Kind, c.Salutation, c.Title, c.FirstName, c.LastName));

    /// <summary>The letter's salutation line in German: "Sehr geehrte Frau Dr. Müller", "Sehr geehrte Damen und Herren".</summary>
    public static string LetterSalutation(NameParts c)
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

    private static ExportColumn Plain(string[] headers, ExportSource source) => ExportColumn.Text<string?>(headers, source, (v, _, _) => v ?? string.Empty);

    private static ExportColumn FirstAddress(string[] headers, Func<PostalAddress, string?> part) =>
        ExportColumn.Text<List<PostalAddress>>(headers, Sources.Addresses, (v, _, _) => v.Count > 0 ? part(v[0]) ?? string.Empty : string.Empty);

    private static string TagsText(string? joined, ExportPreset preset) => string.IsNullOrEmpty(joined)
        ? string.Empty
        : string.Join(preset == ExportPreset.Mailchimp ? "," : ", ", joined.Split(TagSeparator).Order(StringComparer.Ordinal));

    private static string SalutationText(Salutation? salutation, ExportPreset preset) => (salutation, preset) switch
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

    private static string BirthdayText(DateOnly? birthday, ExportPreset preset) => birthday is not { } day
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
