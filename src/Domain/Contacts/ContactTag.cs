using ContactBox.Domain.Common;

namespace ContactBox.Domain.Contacts;

/// <summary>A tag on a contact. Kept in its own table so that tag filters use an index.</summary>
public sealed class ContactTag : IWorkspaceOwned
{
    private ContactTag() { }

    internal ContactTag(Guid contactId, string name)
    {
        ContactId = contactId;
        Name = name;
    }

    public Guid WorkspaceId { get; private set; }
    public Guid ContactId { get; private set; }
    public string Name { get; private set; } = null!;
}
