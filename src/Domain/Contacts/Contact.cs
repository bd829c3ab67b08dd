using ContactBox.Domain.Common;
using ContactBox.Domain.CustomFields;

namespace ContactBox.Domain.Contacts;

/// <summary>A person or an organisation the team is in touch with (Kontakt).</summary>
public sealed class Contact : WorkspaceEntity
{
    private readonly List<ContactTag> _tags = [];
    private readonly List<CustomFieldValue> _customFieldValues = [];

    private Contact() { }

    public Contact(ContactKind kind, ContactDetails details, DateTimeOffset today)
    {
        Kind = kind;
        Apply(details, today);
        Version = 1;
    }

    public ContactKind Kind { get; private set; }
    public Salutation? Salutation { get; private set; }
    public string? Title { get; private set; }
    public string? FirstName { get; private set; }
    public string? LastName { get; private set; }
    public string? OrganizationName { get; private set; }
    public string? Department { get; private set; }
    public string? JobTitle { get; private set; }

    /// <summary>The contact's key in another system (e.g. the CRM it was imported from); unique in the workspace when set.</summary>
    public string? ExternalId { get; private set; }

    /// <summary>"Dr. Erika Mustermann" or "Muster GmbH": what lists and exports show.</summary>
    public string DisplayName { get; private set; } = null!;

    public string? Website { get; private set; }
    public DateOnly? Birthday { get; private set; }
    public Guid? OwnerId { get; private set; }
    public Guid? EmployerId { get; private set; }
    public List<EmailAddress> Emails { get; private set; } = [];
    public List<PhoneNumber> Phones { get; private set; } = [];
    public List<PostalAddress> Addresses { get; private set; } = [];
    public IReadOnlyCollection<ContactTag> Tags => _tags;

    /// <summary>The workspace's custom fields this contact has a value for (filter with <c>customFieldValues</c>).</summary>
    public IReadOnlyCollection<CustomFieldValue> CustomFieldValues => _customFieldValues;

    /// <summary>Optimistic concurrency: increases with every change; an update names the version it started from.</summary>
    public int Version { get; private set; }

    public ContactDetails ToDetails() => new()
    {
        Salutation = Salutation,
        Title = Title,
        FirstName = FirstName,
        LastName = LastName,
        OrganizationName = OrganizationName,
        Department = Department,
        JobTitle = JobTitle,
        ExternalId = ExternalId,
        Website = Website,
        Birthday = Birthday,
        OwnerId = OwnerId,
        EmployerId = EmployerId,
        Emails = Emails,
        Phones = Phones,
        Addresses = Addresses,
        Tags = _tags.Select(t => t.Name).ToList(),
    };

    /// <summary>Applies changed master data. <paramref name="expectedVersion"/> is the version the caller read.</summary>
    public void Update(ContactDetails details, int expectedVersion, DateTimeOffset today)
    {
        if (expectedVersion != Version)
        {
            throw new ConcurrencyConflictException(Id, expectedVersion, Version);
        }

        Apply(details, today);
        Version++;
    }

    /// <summary>
    /// Sets, changes or clears (an entry without a value) custom field values by key. The current values must be
    /// loaded. A new contact (<paramref name="isNew"/>) needs a value for every required field; archived fields
    /// take no new values; errors name <c>customFields[i].key</c> or <c>customFields[i].value</c>.
    /// </summary>
    public void SetCustomFields(IReadOnlyList<CustomFieldEntry> entries, IReadOnlyCollection<CustomField> catalog, bool isNew)
    {
        var seen = new HashSet<Guid>();
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"customFields[{i}]";
            var field = catalog.FirstOrDefault(f => f.Key == entries[i].Key?.Trim())
                ?? throw new DomainValidationException($"{path}.key", $"No custom field '{entries[i].Key}' exists.");
            if (!seen.Add(field.Id))
            {
                throw new DomainValidationException($"{path}.key", $"The custom field '{field.Key}' is named twice.");
            }

            var current = _customFieldValues.Find(v => v.FieldId == field.Id);
            var (entry, optionIds) = field.Accept(entries[i], current?.Options.Select(o => o.OptionId).ToList() ?? [], $"{path}.value");
            if (entry is null)
            {
                if (current is not null && field.IsRequired && !field.IsArchived)
                {
                    throw new DomainValidationException($"{path}.value", $"The custom field '{field.Key}' is required and cannot be cleared.");
                }

                if (current is not null)
                {
                    _customFieldValues.Remove(current);
                }

                continue;
            }

            if (field.IsArchived)
            {
                throw new DomainValidationException($"{path}.value", $"The custom field '{field.Key}' is archived and takes no new values.");
            }

            if (current is null)
            {
                current = new CustomFieldValue(Id, field.Id);
                _customFieldValues.Add(current);
            }

            current.Set(entry, optionIds);
        }

        var missing = isNew ? catalog.Where(f => f.IsRequired && !f.IsArchived && !_customFieldValues.Exists(v => v.FieldId == f.Id)).OrderBy(f => f.Position).FirstOrDefault() : null;
        if (missing is not null)
        {
            throw new DomainValidationException("customFields", $"The custom field '{missing.Key}' is required.");
        }
    }

    private void Apply(ContactDetails details, DateTimeOffset today)
    {
        Salutation = details.Salutation;
        Title = Guard.Optional(details.Title, "title", Limits.Label);
        FirstName = Guard.Optional(details.FirstName, "firstName", Limits.ShortText);
        LastName = Guard.Optional(details.LastName, "lastName", Limits.ShortText);
        OrganizationName = Guard.Optional(details.OrganizationName, "organizationName", Limits.Name);
        Department = Guard.Optional(details.Department, "department", Limits.ShortText);
        JobTitle = Guard.Optional(details.JobTitle, "jobTitle", Limits.ShortText);
        ExternalId = Guard.Optional(details.ExternalId, "externalId", Limits.ExternalId);
        Website = NormalizeWebsite(details.Website);
        Birthday = details.Birthday;
        OwnerId = details.OwnerId;

        if (Kind == ContactKind.Person && FirstName is null && LastName is null)
        {
            throw new DomainValidationException("lastName", "A person needs a first or a last name.");
        }

        if (Kind == ContactKind.Organization && OrganizationName is null)
        {
            throw new DomainValidationException("organizationName", "An organisation needs a name.");
        }

        if (Birthday is { } birthday && (birthday > DateOnly.FromDateTime(today.UtcDateTime) || birthday.Year < 1850))
        {
            throw new DomainValidationException("birthday", "birthday must lie between 1850 and today.");
        }

        if (details.EmployerId is not null && (Kind != ContactKind.Person || details.EmployerId == Id))
        {
            throw new DomainValidationException("employerId", "Only a person can have an employer, and not itself.");
        }

        EmployerId = details.EmployerId;
        Emails = WithOnePrimary(details.Emails, e => e.IsPrimary, (e, p) => e with { IsPrimary = p }, "emails");
        Phones = WithOnePrimary(details.Phones, p => p.IsPrimary, (p, primary) => p with { IsPrimary = primary }, "phones");
        Addresses = CheckCount(details.Addresses, "addresses").ToList();
        DisplayName = BuildDisplayName();
        SetTags(details.Tags);
    }

    private void SetTags(IReadOnlyList<string> names)
    {
        var wanted = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = Guard.Required(names[i], $"tags[{i}]", Limits.Tag);
            if (!wanted.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                wanted.Add(name);
            }
        }

        if (wanted.Count > Limits.MaxTags)
        {
            throw new DomainValidationException("tags", $"A contact can carry at most {Limits.MaxTags} tags.");
        }

        _tags.RemoveAll(t => !wanted.Contains(t.Name, StringComparer.Ordinal));
        foreach (var name in wanted.Where(n => !_tags.Exists(t => t.Name == n)))
        {
            _tags.Add(new ContactTag(Id, name));
        }
    }

    private string BuildDisplayName()
    {
        if (Kind == ContactKind.Organization)
        {
            return OrganizationName!;
        }

        return string.Join(' ', new[] { Title, FirstName, LastName }.Where(p => p is not null));
    }

    private static string? NormalizeWebsite(string? value)
    {
        var website = Guard.Optional(value, "website", Limits.Url);
        if (website is null)
        {
            return null;
        }

        if (!website.Contains("://", StringComparison.Ordinal))
        {
            website = "https://" + website;
        }

        // A user part ("www.bank.de@evil.example") would hide the real host from whoever reads the address.
        if (!Uri.TryCreate(website, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !uri.Host.Contains('.', StringComparison.Ordinal)
            || uri.UserInfo.Length > 0)
        {
            throw new DomainValidationException("website", $"'{value}' is not a web address.");
        }

        return uri.ToString();
    }

    private static List<T> WithOnePrimary<T>(IReadOnlyList<T> items, Func<T, bool> isPrimary, Func<T, bool, T> setPrimary, string field)
    {
        CheckCount(items, field);
        var primaries = items.Count(isPrimary);
        if (primaries > 1)
        {
            throw new DomainValidationException(field, $"At most one of {field} can be primary.");
        }

        return items.Select((item, i) => primaries == 0 && i == 0 ? setPrimary(item, true) : item).ToList();
    }

    private static IReadOnlyList<T> CheckCount<T>(IReadOnlyList<T> items, string field) =>
        items.Count <= Limits.MaxContactPoints
            ? items
            : throw new DomainValidationException(field, $"A contact can have at most {Limits.MaxContactPoints} {field}.");
}
