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

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            member.SetPasswordHash(hasher.HashPassword(member, password));
        }

        member.RecordSignIn(now);
        await db.SaveChangesAsync(cancellationToken);
        return (SignInOutcome.SignedIn, member);
    }

    /// <summary>Sets a member's password (the demo set-up, the tests; later the admin mutations).</summary>
    public void SetPassword(Member member, string password) => member.SetPasswordHash(hasher.HashPassword(member, password));

    private static readonly string DummyHash = new PasswordHasher<Member>().HashPassword(null!, Guid.NewGuid().ToString());
}
