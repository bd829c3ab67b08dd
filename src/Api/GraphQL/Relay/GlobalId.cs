using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ContactBox.Api.GraphQL.Relay;

/// <summary>
/// Opaque global IDs as HotChocolate writes them: base64 of <c>TypeName:key</c>, where the key is the GUID
/// without dashes. Clients treat them as opaque; the server reads type and key back.
/// </summary>
public static class GlobalId
{
    public static string Format(string typeName, Guid key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{typeName}:{key:N}"));

    public static bool TryParse(string? value, [NotNullWhen(true)] out string? typeName, out Guid key)
    {
        typeName = null;
        key = Guid.Empty;
        if (string.IsNullOrEmpty(value) || value.Length > 200 || !Base64.IsValid(value))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(Convert.FromBase64String(value));
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Guid.TryParseExact(text.AsSpan(colon + 1), "N", out key))
        {
            return false;
        }

        typeName = text[..colon];
        return true;
    }

    /// <summary>Reads an ID that must denote <paramref name="expectedType"/>; otherwise throws <see cref="InvalidIdException"/>.</summary>
    public static Guid Parse(string? value, string expectedType, string field)
    {
        if (!TryParse(value, out var typeName, out var key))
        {
            throw new InvalidIdException(field, $"'{value}' is not a valid ID.");
        }

        if (typeName != expectedType)
        {
            throw new InvalidIdException(field, $"The ID given for {field} denotes a {typeName}, not a {expectedType}.");
        }

        return key;
    }
}

/// <summary>A malformed ID or one of the wrong type in an argument or input field.</summary>
public sealed class InvalidIdException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
