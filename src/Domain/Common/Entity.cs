namespace ContactBox.Domain.Common;

/// <summary>Base of every entity: a time-ordered GUID key, so indexes stay compact and IDs reveal no counts.</summary>
public abstract class Entity
{
    public Guid Id { get; protected init; } = Guid.CreateVersion7();
}
