using System.Net.Mail;

namespace ContactBox.Domain.Common;

/// <summary>One definition of a valid e-mail address for members, contacts and imports.</summary>
public static class EmailRules
{
    public static string Normalize(string? value, string field)
    {
        var address = Guard.Required(value, field, Limits.Email);
        if (IsPlain(address))
        {
            return address;
        }

        if (address.Any(char.IsWhiteSpace)
            || !MailAddress.TryCreate(address, out var parsed)
            || parsed.Address != address
            || !parsed.Host.Contains('.', StringComparison.Ordinal))
        {
            throw new DomainValidationException(field, $"'{address}' is not a valid e-mail address.");
        }

        return address;
    }

    /// <summary>
    /// Letters, digits and <c>. _ % + -</c> on both sides of one <c>@</c>, no dot at either end of a side or twice in a
    /// row, and a dot in the host: a dot-atom that <see cref="MailAddress"/> accepts and returns unchanged, so such an
    /// address (nearly every real one; an import checks a million) skips its full parser.
    /// </summary>
    private static bool IsPlain(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }

        var host = address.AsSpan(at + 1);
        return DotAtom(address.AsSpan(0, at)) && DotAtom(host) && host.Contains('.');
    }

    private static bool DotAtom(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] == '.' || text[^1] == '.')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' ? text[i - 1] == '.' : !(char.IsAsciiLetterOrDigit(c) || c is '_' or '%' or '+' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
