using ContactBox.Domain.Common;
using ContactBox.Domain.FollowUps;

namespace ContactBox.Domain.Tests.FollowUps;

public sealed class FollowUpTests
{
    private static readonly DateTimeOffset Due = new(2026, 5, 4, 9, 0, 0, TimeSpan.FromHours(2));

    private static FollowUp NewFollowUp() => new(Guid.CreateVersion7(), assigneeId: null, Due, "Angebot nachfassen", null);

    [Fact]
    public void A_new_follow_up_is_open_and_due_at_a_utc_instant()
    {
        var followUp = NewFollowUp();

        Assert.False(followUp.IsCompleted);
        Assert.Null(followUp.CompletedAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 7, 0, 0, TimeSpan.Zero), followUp.DueAt);
        Assert.Equal(TimeSpan.Zero, followUp.DueAt.Offset);
    }

    [Fact]
    public void A_follow_up_needs_a_subject()
    {
        var error = Assert.Throws<DomainValidationException>(() => new FollowUp(Guid.CreateVersion7(), null, Due, "  ", "Notiz"));

        Assert.Equal("subject", error.Field);
        Assert.Equal("subject is required.", error.Message);
    }

    [Fact]
    public void Completing_records_when()
    {
        var followUp = NewFollowUp();

        followUp.Complete(Due.AddHours(3));

        Assert.True(followUp.IsCompleted);
        Assert.Equal(Due.AddHours(3), followUp.CompletedAt);
    }

    [Fact]
    public void Completing_twice_is_rejected()
    {
        var followUp = NewFollowUp();
        followUp.Complete(Due);

        var error = Assert.Throws<DomainValidationException>(() => followUp.Complete(Due.AddDays(1)));

        Assert.Equal("id", error.Field);
        Assert.Equal("The follow-up is already completed.", error.Message);
        Assert.Equal(Due, followUp.CompletedAt);
    }

    [Fact]
    public void Reopening_a_completed_follow_up_makes_it_open_again()
    {
        var followUp = NewFollowUp();
        followUp.Complete(Due);

        followUp.Reopen();

        Assert.False(followUp.IsCompleted);
        Assert.Null(followUp.CompletedAt);
    }

    [Fact]
    public void Reopening_an_open_follow_up_is_rejected()
    {
        var followUp = NewFollowUp();

        var error = Assert.Throws<DomainValidationException>(followUp.Reopen);

        Assert.Equal("id", error.Field);
        Assert.Equal("The follow-up is still open.", error.Message);
    }
}
