using ContactBox.Domain.Common;

namespace ContactBox.Domain.Export;

/// <summary>An export names no usable purpose (missing, unknown or archived); nothing was exported or written.</summary>
public sealed class PurposeRequiredException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;
}

/// <summary>The calling OAuth client may not export for this purpose (an admin sets a client's export purposes); nothing was written.</summary>
public sealed class PurposeNotAllowedException(Guid purposeId, string message) : DomainException(message)
{
    public Guid PurposeId { get; } = purposeId;
}
