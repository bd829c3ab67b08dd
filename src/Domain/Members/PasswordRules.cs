using ContactBox.Domain.Common;

namespace ContactBox.Domain.Members;

/// <summary>What a member's password must be: long enough to resist guessing, short enough to hash cheaply.</summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    public static readonly string TooShort = $"A password needs at least {MinLength} characters.";
    public static readonly string TooLong = $"A password has at most {MaxLength} characters.";
    public const string Unchanged = "Choose a password different from the current one.";

    public static string Validate(string? password, string field)
    {
        if (string.IsNullOrWhiteSpace(password) || password.Length < MinLength)
        {
            throw new DomainValidationException(field, TooShort);
        }

        return password.Length > MaxLength
            ? throw new DomainValidationException(field, TooLong)
            : password;
    }
}
