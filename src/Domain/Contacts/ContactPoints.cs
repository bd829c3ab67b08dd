using System.Text.RegularExpressions;
using ContactBox.Domain.Common;

namespace ContactBox.Domain.Contacts;

/// <summary>An e-mail address of a contact. At most one per contact is primary.</summary>
public sealed record EmailAddress(string Address, string? Label, bool IsPrimary)
{
    public static EmailAddress Create(string? address, string? label, bool isPrimary, string field) =>
        new(EmailRules.Normalize(address, $"{field}.address"), Guard.Optional(label, $"{field}.label", Limits.Label), isPrimary);
}

/// <summary>A phone number of a contact, kept as entered (international format recommended).</summary>
public sealed partial record PhoneNumber(string Number, string? Label, bool IsPrimary)
{
    public static PhoneNumber Create(string? number, string? label, bool isPrimary, string field)
    {
        var value = Guard.Required(number, $"{field}.number", Limits.Phone);
        if (!PhonePattern().IsMatch(value))
        {
            throw new DomainValidationException($"{field}.number", $"'{value}' is not a phone number: use digits, spaces and + ( ) / - . only.");
        }

        return new PhoneNumber(value, Guard.Optional(label, $"{field}.label", Limits.Label), isPrimary);
    }

    [GeneratedRegex(@"^\+?[0-9 ()/.\-]{3,}$")]
    private static partial Regex PhonePattern();
}

/// <summary>A postal address; <see cref="Country"/> is an ISO 3166-1 alpha-2 code.</summary>
public sealed record PostalAddress(string? Label, string? Street, string? PostalCode, string? City, string? Region, string Country)
{
    public static PostalAddress Create(string? label, string? street, string? postalCode, string? city, string? region, string? country, string field)
    {
        var code = Guard.Required(country, $"{field}.country", Limits.CountryCode).ToUpperInvariant();
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
        {
            throw new DomainValidationException($"{field}.country", $"'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. DE).");
        }

        return new PostalAddress(
            Guard.Optional(label, $"{field}.label", Limits.Label),
            Guard.Optional(street, $"{field}.street", Limits.Name),
            Guard.Optional(postalCode, $"{field}.postalCode", Limits.Label),
            Guard.Optional(city, $"{field}.city", Limits.ShortText),
            Guard.Optional(region, $"{field}.region", Limits.ShortText),
            code);
    }
}
