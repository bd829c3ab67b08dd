using ContactBox.Domain.Common;

namespace ContactBox.Domain.Workspaces;

/// <summary>A tenant: one customer account. Every other row belongs to exactly one workspace.</summary>
public sealed class Workspace : Entity
{
    private Workspace() { }

    public Workspace(string name, DateTimeOffset createdAt)
    {
        Name = Guard.Required(name, "name", Limits.Name);
        CreatedAt = Guard.Utc(createdAt);
    }

    public string Name { get; private set; } = null!;
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>This workspace's storage quota for attachments; null uses the configured default.</summary>
    public long? StorageLimitBytes { get; private set; }

    public void Rename(string name) => Name = Guard.Required(name, "name", Limits.Name);

    public void SetStorageLimit(long? bytes) =>
        StorageLimitBytes = bytes is null or >= 0 ? bytes : throw new DomainValidationException("limitBytes", "limitBytes must not be negative.");
}
