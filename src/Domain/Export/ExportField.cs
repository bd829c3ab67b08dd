namespace ContactBox.Domain.Export;

/// <summary>A column a caller can choose for an export; the file keeps the caller's order.</summary>
public enum ExportField
{
    Kind,
    Salutation,
    LetterSalutation,
    Title,
    FirstName,
    LastName,
    DisplayName,
    OrganizationName,
    Department,
    JobTitle,
    PrimaryEmail,
    Emails,
    PrimaryPhone,
    Phones,
    Street,
    PostalCode,
    City,
    Region,
    Country,
    Addresses,
    Website,
    Birthday,
    Tags,
    Owner,
    Source,
}
