namespace ContactBox.Domain.Contacts;

public enum ContactKind
{
    Person,
    Organization,
}

/// <summary>Form of address, used for letter salutations ("Sehr geehrte Frau …").</summary>
public enum Salutation
{
    Ms,
    Mr,
    Mx,
}
