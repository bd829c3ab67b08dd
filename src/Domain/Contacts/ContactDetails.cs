namespace ContactBox.Domain.Contacts;

/// <summary>The editable master data of a contact, as one value: create and update both take it whole.</summary>
public sealed record ContactDetails
{
    public Salutation? Salutation { get; init; }
    public string? Title { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? OrganizationName { get; init; }
    public string? Department { get; init; }
    public string? JobTitle { get; init; }
    public string? ExternalId { get; init; }
    public string? Website { get; init; }
    public DateOnly? Birthday { get; init; }
    public Guid? OwnerId { get; init; }
    public Guid? EmployerId { get; init; }
    public IReadOnlyList<EmailAddress> Emails { get; init; } = [];
    public IReadOnlyList<PhoneNumber> Phones { get; init; } = [];
    public IReadOnlyList<PostalAddress> Addresses { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
}
