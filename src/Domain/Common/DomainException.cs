namespace ContactBox.Domain.Common;

/// <summary>The one exception family the domain throws when a rule is broken.</summary>
public class DomainException(string message) : Exception(message);

/// <summary>An input value breaks a rule; <see cref="Field"/> names the input field (camelCase path).</summary>
public sealed class DomainValidationException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;
}
