namespace ContactBox.Domain.Common;

/// <summary>The caller changed an object based on a version that is no longer current.</summary>
public sealed class ConcurrencyConflictException(Guid id, int expectedVersion, int actualVersion)
    : DomainException($"The object was changed by someone else: you edited version {expectedVersion}, the current version is {actualVersion}.")
{
    public Guid EntityId { get; } = id;
    public int ExpectedVersion { get; } = expectedVersion;
    public int ActualVersion { get; } = actualVersion;
}
