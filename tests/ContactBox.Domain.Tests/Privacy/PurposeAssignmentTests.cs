using ContactBox.Domain.Common;
using ContactBox.Domain.Privacy;

namespace ContactBox.Domain.Tests.Privacy;

public sealed class PurposeAssignmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static ProcessingPurpose Purpose(LegalBasis basis = LegalBasis.Consent, int? retentionDays = 30) =>
        new("Newsletter", null, basis, ["contact details"], retentionDays);

    private static PurposeAssignment Consent(ProcessingPurpose purpose, DateTimeOffset? validUntil = null) =>
        new(Guid.CreateVersion7(), purpose, null, Now.AddYears(-1), "Web form, double opt-in", validUntil);

    [Fact]
    public void The_legal_basis_defaults_to_the_purposes()
    {
        var assignment = new PurposeAssignment(Guid.CreateVersion7(), Purpose(LegalBasis.Contract), null, null, null, null);

        Assert.Equal(LegalBasis.Contract, assignment.LegalBasis);
    }

    [Fact]
    public void An_active_assignment_keeps_the_data_without_end()
    {
        var purpose = Purpose();

        Assert.True(Consent(purpose).IsActive(purpose, Now));
        Assert.Null(Consent(purpose).RetainedUntil(purpose, Now));
    }

    [Fact]
    public void A_withdrawal_ends_the_assignment_and_starts_the_retention_period()
    {
        var purpose = Purpose(retentionDays: 30);
        var assignment = Consent(purpose);

        assignment.Withdraw(Now.AddDays(-10), "Unsubscribe link");

        Assert.False(assignment.IsActive(purpose, Now));
        Assert.Equal(Now.AddDays(20), assignment.RetainedUntil(purpose, Now));
        Assert.Equal("id", Assert.Throws<DomainValidationException>(() => assignment.Withdraw(Now, null)).Field);
    }

    [Fact]
    public void An_expired_consent_ends_at_its_valid_until_and_a_future_one_still_holds()
    {
        var purpose = Purpose(retentionDays: 0);

        Assert.Equal(Now.AddDays(-1), Consent(purpose, Now.AddDays(-1)).RetainedUntil(purpose, Now));
        Assert.True(Consent(purpose, Now.AddDays(1)).IsActive(purpose, Now));
    }

    [Fact]
    public void Archiving_the_purpose_ends_its_assignments_and_refuses_new_ones()
    {
        var purpose = Purpose(retentionDays: 7);
        var assignment = Consent(purpose);

        purpose.Archive(Now.AddDays(-1));

        Assert.Equal(Now.AddDays(6), assignment.RetainedUntil(purpose, Now));
        Assert.Equal("purposeId", Assert.Throws<DomainValidationException>(() => Consent(purpose)).Field);
    }

    [Fact]
    public void The_earliest_end_counts_when_several_apply()
    {
        var purpose = Purpose(retentionDays: 10);
        var assignment = Consent(purpose, Now.AddDays(-30));
        assignment.Withdraw(Now.AddDays(-5), null);

        Assert.Equal(Now.AddDays(-20), assignment.RetainedUntil(purpose, Now));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(36_501)]
    public void A_retention_period_outside_0_to_100_years_is_refused(int days)
    {
        Assert.Equal("retentionDays", Assert.Throws<DomainValidationException>(() => Purpose(retentionDays: days)).Field);
    }

    [Fact]
    public void Data_categories_are_trimmed_and_deduplicated_and_blank_ones_name_their_index()
    {
        var purpose = new ProcessingPurpose("Orders", null, LegalBasis.Contract, [" contact details ", "Contact Details", "orders"], null);

        Assert.Equal(["contact details", "orders"], purpose.DataCategories);
        Assert.Equal("dataCategories[1]", Assert.Throws<DomainValidationException>(() => new ProcessingPurpose("x", null, LegalBasis.Contract, ["a", " "], null)).Field);
    }
}
