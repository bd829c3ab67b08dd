using System.Net.Mail;

namespace ContactBox.Domain.Common;

/// <summary>One definition of a valid e-mail address for members, contacts and imports.</summary>
public static class EmailRules
{
    public static string Normalize(string? value, string field)
    {
        var address = Guard.Required(value, field, Limits.Email);
        if (address.Any(char.IsWhiteSpace)
            || !MailAddress.TryCreate(address, out var parsed)
            || parsed.Address != address
            || !parsed.Host.Contains('.', StringComparison.Ordinal))
        {
            throw new DomainValidationException(field, $"'{address}' is not a valid e-mail address.");
        }

        return address;
    }
}
