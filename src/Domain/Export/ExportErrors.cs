using ContactBox.Domain.Common;

namespace ContactBox.Domain.Export;

/// <summary>An export names no usable purpose (missing, unknown or archived); nothing was exported or written.</summary>
public sealed class PurposeRequiredException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;
}
