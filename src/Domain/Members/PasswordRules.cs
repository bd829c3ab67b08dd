using ContactBox.Domain.Common;

namespace ContactBox.Domain.Members;

/// <summary>What a member's password must be: long enough to resist guessing, short enough to hash cheaply.</summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    public static string Validate(string? password, string field)
    {
        if (string.IsNullOrWhiteSpace(password) || password.Length < MinLength)
        {
            throw new DomainValidationException(field, $"A password needs at least {MinLength} characters.");
        }

        return password.Length > MaxLength
            ? throw new DomainValidationException(field, $"A password has at most {MaxLength} characters.")
            : password;
    }
}
