using System.Security.Cryptography;
using ContactBox.Domain.Common;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.Auth;

public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown e-mail, wrong password, no password or an inactive member: one answer, so that nobody learns which.</summary>
    Refused,

    LockedOut,

    /// <summary>The password was right but is a one-time password an admin generated: the member must choose a new one.</summary>
    PasswordChangeRequired,
}

/// <summary>
/// Checks a member's password with ASP.NET Core Identity's hasher and keeps the lock-out count. Runs in a scope
/// whose <see cref="Infrastructure.Tenancy.CurrentWorkspace"/> is the workspace the member signs in to.
/// </summary>
public sealed class MemberSignIn(ContactBoxDbContext db, IPasswordHasher<Member> hasher, IOptions<AuthOptions> options, TimeProvider clock)
{
    public async Task<(SignInOutcome Outcome, Member? Member)> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        // Addresses are kept as entered; people type them in any case.
        var normalized = email.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // Runs in the database as LOWER(email): .NET's culture rules do not apply there.
        var member = await db.Members.OrderBy(m => m.CreatedAt).FirstOrDefaultAsync(m => m.Email.ToLower() == normalized, cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
        var now = clock.GetUtcNow();
        if (member is null)
        {
            // Same work as for a real member, so that the answer's timing does not tell which e-mails exist.
            hasher.VerifyHashedPassword(null!, DummyHash, password);
            return (SignInOutcome.Refused, null);
        }

        if (member.IsLockedOut(now))
        {
            return (SignInOutcome.LockedOut, null);
        }

        var verified = member.PasswordHash is { } hash ? hasher.VerifyHashedPassword(member, hash, password) : PasswordVerificationResult.Failed;
        if (verified == PasswordVerificationResult.Failed)
        {
            var lockout = options.Value.Lockout;
            member.RecordFailedSignIn(now, lockout.MaxFailedAttempts, lockout.Duration);
            await db.SaveChangesAsync(cancellationToken);
            return (member.IsLockedOut(now) ? SignInOutcome.LockedOut : SignInOutcome.Refused, null);
        }

        if (!member.IsActive)
        {
            return (SignInOutcome.Refused, null);
        }

        if (member.IsOneTimePasswordExpired(now))
        {
            return (SignInOutcome.Refused, null);
        }

        if (member.MustChangePassword)
        {
            return (SignInOutcome.PasswordChangeRequired, member);
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            member.SetPasswordHash(hasher.HashPassword(member, password));
        }

        member.RecordSignIn(now);
        await db.SaveChangesAsync(cancellationToken);
        return (SignInOutcome.SignedIn, member);
    }

    /// <summary>Sets a member's password.</summary>
    public void SetPassword(Member member, string password) => member.SetPasswordHash(hasher.HashPassword(member, password));

    /// <summary>
    /// Gives the member a generated one-time password, valid for <see cref="AuthOptions.OneTimePasswordLifetime"/>,
    /// that the next sign-in must replace; returns it (only its hash is kept).
    /// </summary>
    public string SetOneTimePassword(Member member)
    {
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');
        member.SetPasswordHash(hasher.HashPassword(member, password), clock.GetUtcNow() + options.Value.OneTimePasswordLifetime);
        return password;
    }

    /// <summary>
    /// The member's own change: the current password must be right (a wrong one counts toward the lock-out, so that a
    /// stolen token cannot guess it), the new one must follow <see cref="PasswordRules"/> and differ from it.
    /// </summary>
    public async Task ChangePasswordAsync(Member member, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (member.IsLockedOut(now))
        {
            throw new DomainValidationException("currentPassword", "Too many wrong passwords: your account is locked for a while.");
        }

        if (member.PasswordHash is not { } hash || hasher.VerifyHashedPassword(member, hash, currentPassword) == PasswordVerificationResult.Failed)
        {
            var lockout = options.Value.Lockout;
            member.RecordFailedSignIn(now, lockout.MaxFailedAttempts, lockout.Duration);
            await db.SaveChangesAsync(cancellationToken);
            throw new DomainValidationException("currentPassword", "The current password is not correct.");
        }

        ReplacePassword(member, newPassword, "newPassword");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Replaces the password with a new one the member chose: the rules apply, and the old one is not reused.</summary>
    public void ReplacePassword(Member member, string newPassword, string field)
    {
        PasswordRules.Validate(newPassword, field);
        if (member.PasswordHash is { } hash && hasher.VerifyHashedPassword(member, hash, newPassword) != PasswordVerificationResult.Failed)
        {
            throw new DomainValidationException(field, PasswordRules.Unchanged);
        }

        SetPassword(member, newPassword);
    }

    private static readonly string DummyHash = new PasswordHasher<Member>().HashPassword(null!, Guid.NewGuid().ToString());
}
