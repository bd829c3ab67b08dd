namespace ContactBox.Domain.Members;

/// <summary>What a team member may do. A member may hold several roles.</summary>
[Flags]
public enum MemberRoles
{
    None = 0,
    Member = 1,
    /// <summary>Data protection officer: manages the privacy catalog, reads the audit log.</summary>
    Dpo = 2,
    /// <summary>Manages members, OAuth clients and workspace settings.</summary>
    Admin = 4,
}
