using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Export;

namespace ContactBox.Infrastructure.Tests.Export;

public sealed class ExportColumnsTests
{
    private static readonly DateTimeOffset Today = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private static Contact Person(Salutation? salutation, string? title, string? firstName, string? lastName) =>
        new(ContactKind.Person, new ContactDetails { Salutation = salutation, Title = title, FirstName = firstName, LastName = lastName }, Today);

    [Theory]
    [InlineData(Salutation.Ms, "Dr.", "Erika", "Müller", "Sehr geehrte Frau Dr. Müller")]
    [InlineData(Salutation.Mr, null, "Hans", "Weiß", "Sehr geehrter Herr Weiß")]
    [InlineData(Salutation.Mx, "Prof.", "Kim", "Schmidt", "Guten Tag Prof. Kim Schmidt")]
    [InlineData(null, null, null, "Schmidt", "Guten Tag Schmidt")]
    [InlineData(Salutation.Ms, null, "Erika", null, "Hallo Erika")]
    public void The_letter_salutation_follows_the_form_of_address(Salutation? salutation, string? title, string? firstName, string? lastName, string expected) =>
        Assert.Equal(expected, ExportColumns.LetterSalutation(Person(salutation, title, firstName, lastName)));

    [Fact]
    public void An_organisation_is_addressed_as_ladies_and_gentlemen() =>
        Assert.Equal("Sehr geehrte Damen und Herren",
            ExportColumns.LetterSalutation(new Contact(ContactKind.Organization, new ContactDetails { OrganizationName = "Muster GmbH" }, Today)));

    [Fact]
    public void Restriction_comes_before_consent_and_objection_counts_only_for_marketing()
    {
        var consent = new ProcessingPurpose("Newsletter", null, LegalBasis.Consent, [], null);
        var contract = new ProcessingPurpose("Orders", null, LegalBasis.Contract, [], null);
        var contact = Person(null, null, "Erika", "Müller");
        ExportRow Row(bool restricted = false, bool objected = false, bool active = false, bool any = false, bool withdrawn = false) =>
            new(contact, [], restricted, objected, null, active, any, withdrawn, []);

        Assert.Equal(ExclusionReason.Restricted, ContactExporter.Exclusion(Row(restricted: true, objected: true), consent, true, ExportPreset.GenericCsv));
        Assert.Equal(ExclusionReason.NoConsent, ContactExporter.Exclusion(Row(objected: true), consent, true, ExportPreset.GenericCsv));
        Assert.Null(ContactExporter.Exclusion(Row(), contract, false, ExportPreset.GenericCsv));
        Assert.Equal(ExclusionReason.ConsentWithdrawn, ContactExporter.Exclusion(Row(any: true, withdrawn: true), contract, false, ExportPreset.GenericCsv));
        Assert.Equal(ExclusionReason.ConsentExpired, ContactExporter.Exclusion(Row(any: true), consent, false, ExportPreset.GenericCsv));
        Assert.Null(ContactExporter.Exclusion(Row(objected: true, active: true, any: true), consent, false, ExportPreset.MailMerge));
        Assert.Equal(ExclusionReason.MarketingObjection, ContactExporter.Exclusion(Row(objected: true, active: true, any: true), consent, true, ExportPreset.MailMerge));
        Assert.Equal(ExclusionReason.NoEmailAddress, ContactExporter.Exclusion(Row(active: true, any: true), consent, true, ExportPreset.Rapidmail));
    }
}
