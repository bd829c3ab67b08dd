using ContactBox.Domain.Common;

namespace ContactBox.Domain.Privacy;

/// <summary>A kind of contact source in the DPO's catalog, e.g. trade fair, website form, business card.</summary>
public sealed class ContactSourceType : WorkspaceEntity
{
    private ContactSourceType() { }

    public ContactSourceType(string name) => Rename(name);

    public string Name { get; private set; } = null!;
    public DateTimeOffset? ArchivedAt { get; private set; }
    public bool IsArchived => ArchivedAt is not null;

    public void Rename(string name) => Name = Guard.Required(name, "name", Limits.ShortText);

    public void Archive(DateTimeOffset now) => ArchivedAt ??= Guard.Utc(now);
}
