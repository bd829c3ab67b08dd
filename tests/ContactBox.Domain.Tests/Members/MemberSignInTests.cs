using ContactBox.Domain.Members;

namespace ContactBox.Domain.Tests.Members;

public sealed class MemberSignInTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    [Fact]
    public void The_fifth_failure_in_a_row_locks_the_member_out_for_the_lockout_time()
    {
        var member = new Member("Erika Mustermann", "erika@example.de", MemberRoles.Member);

        for (var i = 0; i < 4; i++)
        {
            member.RecordFailedSignIn(Now, 5, Lockout);
        }

        Assert.False(member.IsLockedOut(Now));
        member.RecordFailedSignIn(Now, 5, Lockout);
        Assert.True(member.IsLockedOut(Now));
        Assert.False(member.CanSignIn(Now.AddMinutes(14)));
        Assert.True(member.CanSignIn(Now.AddMinutes(15)));
    }

    [Fact]
    public void A_successful_sign_in_resets_the_count_and_records_the_time()
    {
        var member = new Member("Erika Mustermann", "erika@example.de", MemberRoles.Member);
        for (var i = 0; i < 4; i++)
        {
            member.RecordFailedSignIn(Now, 5, Lockout);
        }

        member.RecordSignIn(Now);
        member.RecordFailedSignIn(Now, 5, Lockout);

        Assert.Equal(1, member.FailedSignInCount);
        Assert.False(member.IsLockedOut(Now));
        Assert.Equal(Now, member.LastSignInAt);
    }

    [Fact]
    public void Failures_while_locked_out_do_not_extend_the_lock_out()
    {
        var member = new Member("Erika Mustermann", "erika@example.de", MemberRoles.Member);
        for (var i = 0; i < 5; i++)
        {
            member.RecordFailedSignIn(Now, 5, Lockout);
        }

        member.RecordFailedSignIn(Now.AddMinutes(10), 5, Lockout);

        Assert.Equal(Now + Lockout, member.LockedOutUntil);
    }

    [Fact]
    public void A_deactivated_member_cannot_sign_in_and_a_new_password_lifts_a_lock_out()
    {
        var member = new Member("Erika Mustermann", "erika@example.de", MemberRoles.Member);
        for (var i = 0; i < 5; i++)
        {
            member.RecordFailedSignIn(Now, 5, Lockout);
        }

        member.SetPasswordHash("hash");
        Assert.True(member.CanSignIn(Now));
        member.Deactivate();
        Assert.False(member.CanSignIn(Now));
    }
}
