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

    /// <summary>The password hash (ASP.NET Core Identity's format); null while the member has no password.</summary>
    [NotQueryable]
    public string? PasswordHash { get; private set; }

    /// <summary>Failed sign-ins since the last successful one or the last lock-out.</summary>
    [NotQueryable]
    public int FailedSignInCount { get; private set; }

    [NotQueryable]
    public DateTimeOffset? LockedOutUntil { get; private set; }

    public DateTimeOffset? LastSignInAt { get; private set; }

    /// <summary>Until when the one-time password an admin generated opens the account; null for a password the member chose.</summary>
    public DateTimeOffset? OneTimePasswordExpiresAt { get; private set; }

    /// <summary>The password is a one-time password: the next sign-in must replace it.</summary>
    public bool MustChangePassword => OneTimePasswordExpiresAt is not null;

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

    /// <summary>
    /// Sets a new password hash (hashing is the host's job) and lifts any lock-out. A one-time password (valid until
    /// <paramref name="oneTimeUntil"/>) only lets the member choose a new one at the next sign-in.
    /// </summary>
    public void SetPasswordHash(string passwordHash, DateTimeOffset? oneTimeUntil = null)
    {
        PasswordHash = Guard.Required(passwordHash, "password", Limits.Subject);
        OneTimePasswordExpiresAt = oneTimeUntil is { } until ? Guard.Utc(until) : null;
        FailedSignInCount = 0;
        LockedOutUntil = null;
    }

    /// <summary>A one-time password that was not used in time opens nothing.</summary>
    public bool IsOneTimePasswordExpired(DateTimeOffset now) => OneTimePasswordExpiresAt is { } until && until <= now;

    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil is { } until && until > now;

    /// <summary>May this member sign in or refresh a token at <paramref name="now"/>?</summary>
    public bool CanSignIn(DateTimeOffset now) => IsActive && !IsLockedOut(now);

    /// <summary>Counts a wrong password; the <paramref name="maxFailures"/>th in a row locks the member out.</summary>
    public void RecordFailedSignIn(DateTimeOffset now, int maxFailures, TimeSpan lockout)
    {
        if (IsLockedOut(now))
        {
            return;
        }

        FailedSignInCount++;
        if (FailedSignInCount >= Math.Max(1, maxFailures))
        {
            LockedOutUntil = Guard.Utc(now + lockout);
            FailedSignInCount = 0;
        }
    }

    public void RecordSignIn(DateTimeOffset now)
    {
        FailedSignInCount = 0;
        LockedOutUntil = null;
        LastSignInAt = Guard.Utc(now);
    }

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;
}
