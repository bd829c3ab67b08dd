namespace ContactBox.Domain.Common;

/// <summary>Input checks shared by all entities; each failure names the field it concerns.</summary>
public static class Guard
{
    public static string Required(string? value, string field, int maxLength)
    {
        var trimmed = Optional(value, field, maxLength);
        return trimmed ?? throw new DomainValidationException(field, $"{field} is required.");
    }

    public static string? Optional(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            throw new DomainValidationException(field, $"{field} must be at most {maxLength} characters long.");
        }

        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw new DomainValidationException(field, $"{field} must not contain control characters.");
        }

        return trimmed;
    }

    public static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();
}
