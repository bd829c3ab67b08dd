using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.CustomFields;

namespace ContactBox.Domain.Import;

/// <summary>
/// Turns one CSV row into a contact through the same rules createContact uses, so an imported contact is exactly
/// as valid as a created one. A rule's complaint is reported against the column the value came from.
/// </summary>
public sealed class ContactRow
{

    private readonly IReadOnlyList<ColumnMapping<ImportField>> _mapping;

    /// <summary>
    /// Header names for contact fields. The fields' own API names ("firstName", "postalCode", …) are among them, so a
    /// plain RFC 4180 file with those names as headers (the GENERIC_CSV export) imports with the suggestions alone.
    /// </summary>
    public static HeaderSuggestions<ImportField> Headers { get; } = new(
        (ImportField.Kind, ["kind", "art", "kontaktart"]),
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
        (ImportField.Tags, ["tags", "schlagworte", "schlagwörter", "labels", "gruppen", "kategorien"]),
        (ImportField.ExternalId, ["externalid", "kundennummer", "kundennr", "customerid", "customernumber", "legacyid", "fremdid"]));

    private readonly DuplicateKey _key;
    private readonly CustomFieldColumns? _customFields;
    private readonly IReadOnlyCollection<CustomField> _catalog;
    private readonly List<CustomFieldOption> _newOptions = [];

    /// <summary>
    /// <paramref name="key"/> is the duplicate key; <paramref name="customFields"/> reads the custom field cells;
    /// <paramref name="catalog"/> is the workspace's fields.
    /// </summary>
    public ContactRow(IReadOnlyList<ColumnMapping<ImportField>> mapping, DuplicateKey key = DuplicateKey.Email, CustomFieldColumns? customFields = null, IReadOnlyCollection<CustomField>? catalog = null)
    {
        _mapping = mapping;
        _key = key;
        _customFields = customFields;
        _catalog = catalog ?? [];
    }

    /// <summary>Options added to pick lists since the last call, for the importer to insert.</summary>
    public IReadOnlyList<CustomFieldOption> TakeNewOptions()
    {
        var options = _newOptions.ToList();
        _newOptions.Clear();
        return options;
    }

    /// <summary>The normalised duplicate key (<see cref="DuplicateKeys"/>) of a row read by <see cref="Read"/>, if it has one.</summary>
    public string? Key { get; private set; }

    /// <summary>
    /// Reads the row (<paramref name="value"/> gives a mapped column's text) into a new contact, or returns the problem.
    /// <paramref name="merge"/>, when given, is the existing contact's data that mapped fields override (update).
    /// </summary>
    public (Contact? Contact, ContactDetails? Details, ImportProblem? Problem) Read(long line, Func<string, string?> value, DateTimeOffset today)
    {
        Key = null;
        try
        {
            var details = Details(value);
            Key = DuplicateKeys.Of(_key, details).FirstOrDefault();
            var kind = Kind(value, details);
            var (entries, columns, newOptions) = CustomFieldCells(value);
            var contact = Guarded(() => new Contact(kind, details, today), null);
            if (_catalog.Count > 0)
            {
                // Options the row brings are added only once the row has passed the contact rules.
                _newOptions.AddRange(newOptions.Select(o => o.Field.AddOption(o.Key, o.Label)));
                SetCustomFields(contact, entries, columns, isNew: true);
            }

            return (contact, details, null);
        }
        catch (RowProblemException e)
        {
            return (null, null, new ImportProblem(line, e.Column, e.Message));
        }
    }

    /// <summary>Applies the row's mapped fields over an existing contact's data (duplicate policy update).</summary>
    public ImportProblem? Merge(long line, Contact existing, ContactDetails row, DateTimeOffset today, Contact? rowContact = null)
    {
        var current = existing.ToDetails();
        var mapped = _mapping.Select(m => m.Field).ToHashSet();
        var merged = current with
        {
            Salutation = mapped.Contains(ImportField.Salutation) ? row.Salutation : current.Salutation,
            Title = mapped.Contains(ImportField.Title) ? row.Title : current.Title,
            FirstName = mapped.Contains(ImportField.FirstName) ? row.FirstName : current.FirstName,
            LastName = mapped.Contains(ImportField.LastName) ? row.LastName : current.LastName,
            OrganizationName = mapped.Contains(ImportField.OrganizationName) ? row.OrganizationName : current.OrganizationName,
            Department = mapped.Contains(ImportField.Department) ? row.Department : current.Department,
            JobTitle = mapped.Contains(ImportField.JobTitle) ? row.JobTitle : current.JobTitle,
            ExternalId = mapped.Contains(ImportField.ExternalId) && row.ExternalId is not null ? row.ExternalId : current.ExternalId,
            Website = mapped.Contains(ImportField.Website) ? row.Website : current.Website,
            Birthday = mapped.Contains(ImportField.Birthday) ? row.Birthday : current.Birthday,
            Phones = mapped.Contains(ImportField.Phone) ? row.Phones : current.Phones,
            Addresses = row.Addresses.Count > 0 ? row.Addresses : current.Addresses,
            Tags = current.Tags.Union(row.Tags, StringComparer.OrdinalIgnoreCase).ToList(),
        };
        try
        {
            // Checked on a throwaway contact first: a rejected row leaves the existing contact untouched.
            Guarded(() => new Contact(existing.Kind, merged, today), null);
            existing.Update(merged, existing.Version, today);
            if (rowContact is not null && _catalog.Count > 0)
            {
                // The row's custom field values (read and checked into the row's contact) override the existing ones.
                var entries = rowContact.CustomFieldValues.Select(EntryOf).ToList();
                SetCustomFields(existing, entries, [], isNew: false);
            }

            return null;
        }
        catch (RowProblemException e)
        {
            return new ImportProblem(line, e.Column, e.Message);
        }
    }

    /// <summary>A value read into the row's contact, as an entry to apply to another contact.</summary>
    private CustomFieldEntry EntryOf(CustomFieldValue value)
    {
        var field = _catalog.First(f => f.Id == value.FieldId);
        var options = value.Options.Select(o => field.Options.First(x => x.Id == o.OptionId).Key).ToList();
        return new CustomFieldEntry(field.Key, value.Text, value.Number, value.Date, value.Boolean, options);
    }

    private (List<CustomFieldEntry>, List<string>, List<(CustomField Field, string Key, string Label)>) CustomFieldCells(Func<string, string?> value)
    {
        try
        {
            return _customFields?.Read(value) ?? ([], [], []);
        }
        catch (DomainValidationException e)
        {
            // CustomFieldColumns names the column itself.
            throw new RowProblemException(e.Field, e.Message);
        }
    }

    /// <summary>Sets custom field values; a complaint about <c>customFields[i]</c> names the column entry i came from.</summary>
    private void SetCustomFields(Contact contact, List<CustomFieldEntry> entries, List<string> columns, bool isNew)
    {
        try
        {
            contact.SetCustomFields(entries, _catalog, isNew);
        }
        catch (DomainValidationException e)
        {
            var index = e.Field.StartsWith("customFields[", StringComparison.Ordinal) && int.TryParse(e.Field.AsSpan(13, e.Field.IndexOf(']', StringComparison.Ordinal) - 13), out var i) ? i : -1;
            throw new RowProblemException(index >= 0 && index < columns.Count ? columns[index] : null, e.Message);
        }
    }

    private ContactDetails Details(Func<string, string?> value)
    {
        string? Text(ImportField field) => Column(field) is { } column && Clean(value(column)) is { } text ? text : null;

        var email = Text(ImportField.Email);
        var phone = Text(ImportField.Phone);
        var street = Text(ImportField.Street);
        var postalCode = Text(ImportField.PostalCode);
        var city = Text(ImportField.City);
        var region = Text(ImportField.Region);
        var country = Text(ImportField.Country);
        var hasAddress = street is not null || postalCode is not null || city is not null || region is not null || country is not null;
        var tags = Text(ImportField.Tags);

        return new ContactDetails
        {
            Salutation = Text(ImportField.Salutation) is { } s ? SalutationOf(s) : null,
            Title = Text(ImportField.Title),
            FirstName = Text(ImportField.FirstName),
            LastName = Text(ImportField.LastName),
            OrganizationName = Text(ImportField.OrganizationName),
            Department = Text(ImportField.Department),
            JobTitle = Text(ImportField.JobTitle),
            ExternalId = Text(ImportField.ExternalId),
            Website = Text(ImportField.Website),
            Birthday = Text(ImportField.Birthday) is { } b ? Date(b, ImportField.Birthday) : null,
            Emails = email is null ? [] : [Guarded(() => EmailAddress.Create(email, null, true, "emails[0]"), ImportField.Email)],
            Phones = phone is null ? [] : [Guarded(() => PhoneNumber.Create(phone, null, true, "phones[0]"), ImportField.Phone)],
            // A German address book rarely names the country: an address without one is taken to be in Germany.
            Addresses = hasAddress
                ? [Guarded(() => PostalAddress.Create(null, street, postalCode, city, region, country ?? "DE", "addresses[0]"), country is null ? ImportField.Street : ImportField.Country)]
                : [],
            Tags = tags is null ? [] : tags.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    private ContactKind Kind(Func<string, string?> value, ContactDetails details)
    {
        if (Column(ImportField.Kind) is { } column && Clean(value(column)) is { } text)
        {
            return text.ToUpperInvariant() switch
            {
                "PERSON" or "P" => ContactKind.Person,
                "ORGANIZATION" or "ORGANISATION" or "O" or "FIRMA" or "COMPANY" => ContactKind.Organization,
                _ => throw new RowProblemException(column, $"'{text}' is not a kind of contact: use PERSON or ORGANIZATION."),
            };
        }

        // Without a kind column, a row naming a person is a person; one naming only an organisation is one.
        return details.FirstName is null && details.LastName is null && details.OrganizationName is not null ? ContactKind.Organization : ContactKind.Person;
    }

    private Salutation SalutationOf(string text) => text.TrimEnd('.').ToUpperInvariant() switch
    {
        "MS" or "MRS" or "MISS" or "FRAU" or "FR" => Salutation.Ms,
        "MR" or "HERR" or "HR" => Salutation.Mr,
        "MX" or "DIVERS" => Salutation.Mx,
        _ => throw new RowProblemException(Column(ImportField.Salutation), $"'{text}' is not a salutation: use Frau/Ms, Herr/Mr or Divers/Mx."),
    };

    private DateOnly Date(string text, ImportField field) =>
        ImportDates.Parse(text) ?? throw new RowProblemException(Column(field), ImportDates.NotADate(text));

    /// <summary>Runs a domain rule and turns its complaint into a row problem naming the column.</summary>
    private T Guarded<T>(Func<T> rule, ImportField? field)
    {
        try
        {
            return rule();
        }
        catch (DomainValidationException e)
        {
            throw new RowProblemException(field is { } f ? Column(f) : ColumnOf(e.Field) ?? e.Field, e.Message);
        }
    }

    private void Guarded(Action rule, ImportField? field) => Guarded(() => { rule(); return 0; }, field);

    /// <summary>The column mapped to <paramref name="field"/>, if any.</summary>
    public string? Column(ImportField field) => _mapping.FirstOrDefault(m => m.Field == field)?.Column;

    /// <summary>The column mapped to the contact field a domain rule named ("lastName", "emails[0].address" …).</summary>
    private string? ColumnOf(string fieldPath)
    {
        var head = fieldPath.Split('.', '[')[0];
        var field = head switch
        {
            "emails" => ImportField.Email,
            "phones" => ImportField.Phone,
            "addresses" => ImportField.Street,
            "tags" => ImportField.Tags,
            _ => Enum.TryParse<ImportField>(head, ignoreCase: true, out var f) ? f : (ImportField?)null,
        };
        return field is { } known ? Column(known) : null;
    }

    /// <summary>
    /// Trimmed text, or null when blank. A cell that a spreadsheet-bound export neutralised (a leading <c>'</c> before
    /// = + - @, tab or CR, e.g. <c>'+49 89 123</c>) reads as the value it stands for, so exports import back unchanged.
    /// </summary>
    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        return text.Length > 1 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? text[1..] : text;
    }

    private sealed class RowProblemException(string? column, string message) : Exception(message)
    {
        public string? Column { get; } = column;
    }
}
