using ContactBox.Domain.Common;

namespace ContactBox.Domain.Members;

/// <summary>A team member (Teammitglied) of a workspace.</summary>
public sealed class Member : WorkspaceEntity
{
    private Member() { }

    public Member(string name, string email, MemberRoles roles)
    {
        Rename(name);
        ChangeEmail(email);
        ChangeRoles(roles);
        IsActive = true;
    }

    public string Name { get; private set; } = null!;
    public string Email { get; private set; } = null!;
    public MemberRoles Roles { get; private set; }
    public bool IsActive { get; private set; }

    public void Rename(string name) => Name = Guard.Required(name, "name", Limits.Name);

    public void ChangeEmail(string email) => Email = EmailRules.Normalize(email, "email");

    public void ChangeRoles(MemberRoles roles)
    {
        if (roles == MemberRoles.None)
        {
            throw new DomainValidationException("roles", "A member needs at least one role.");
        }

        Roles = roles | MemberRoles.Member;
    }

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;
}
