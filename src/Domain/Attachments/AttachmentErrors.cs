using ContactBox.Domain.Common;

namespace ContactBox.Domain.Attachments;

/// <summary>The file is larger than the configured maximum; nothing was stored.</summary>
public sealed class FileTooLargeException(long maxBytes)
    : DomainException($"The file is larger than the maximum of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>The file does not fit into what is left of the workspace's storage; nothing was stored.</summary>
public sealed class QuotaExceededException(long limitBytes, long usedBytes)
    : DomainException($"The file does not fit into the workspace's storage: {usedBytes} of {limitBytes} bytes are used.")
{
    public long LimitBytes { get; } = limitBytes;
    public long UsedBytes { get; } = usedBytes;
}

/// <summary>The file's content (detected from its bytes) is not on the allow-list; nothing was stored.</summary>
public sealed class UnsupportedContentTypeException(string detected, IReadOnlyList<string> allowed)
    : DomainException($"Files of type {detected} cannot be attached; allowed are {string.Join(", ", allowed)}.")
{
    public string DetectedContentType { get; } = detected;
    public IReadOnlyList<string> Allowed { get; } = allowed;
}
