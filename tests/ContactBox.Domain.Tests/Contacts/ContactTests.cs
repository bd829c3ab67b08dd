using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;

namespace ContactBox.Domain.Tests.Contacts;

public sealed class ContactTests
{
    private static readonly DateTimeOffset Today = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    private static Contact Person(ContactDetails details) => new(ContactKind.Person, details, Today);

    private static EmailAddress Email(string address, bool isPrimary = false) => new(address, null, isPrimary);

    [Fact]
    public void A_person_needs_a_first_or_last_name()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => Person(new ContactDetails { Title = "Dr.", OrganizationName = "Muster GmbH" }));

        Assert.Equal("lastName", error.Field);
        Assert.Equal("A person needs a first or a last name.", error.Message);
    }

    [Theory]
    [InlineData("Erika", null, "Erika")]
    [InlineData(null, "Mustermann", "Mustermann")]
    public void A_person_with_only_a_first_or_only_a_last_name_is_valid(string? firstName, string? lastName, string displayName)
    {
        var contact = Person(new ContactDetails { FirstName = firstName, LastName = lastName });

        Assert.Equal(displayName, contact.DisplayName);
    }

    [Fact]
    public void A_name_of_only_white_space_counts_as_missing()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => Person(new ContactDetails { FirstName = "  ", LastName = "\t" }));

        Assert.Equal("lastName", error.Field);
    }

    [Fact]
    public void An_organisation_needs_a_name()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => new Contact(ContactKind.Organization, new ContactDetails { FirstName = "Erika" }, Today));

        Assert.Equal("organizationName", error.Field);
        Assert.Equal("An organisation needs a name.", error.Message);
    }

    [Fact]
    public void A_person_is_displayed_with_title_first_and_last_name()
    {
        var contact = Person(new ContactDetails { Title = " Dr. ", FirstName = "Erika ", LastName = " Mustermann" });

        Assert.Equal("Dr. Erika Mustermann", contact.DisplayName);
        Assert.Equal("Dr.", contact.Title);
        Assert.Equal("Erika", contact.FirstName);
        Assert.Equal("Mustermann", contact.LastName);
    }

    [Fact]
    public void An_organisation_is_displayed_by_its_name()
    {
        var contact = new Contact(ContactKind.Organization, new ContactDetails { OrganizationName = "Muster GmbH", FirstName = "Erika" }, Today);

        Assert.Equal("Muster GmbH", contact.DisplayName);
    }

    [Fact]
    public void A_new_contact_starts_at_version_1()
    {
        var contact = Person(new ContactDetails { LastName = "Mustermann" });

        Assert.Equal(1, contact.Version);
    }

    [Fact]
    public void The_first_email_becomes_primary_when_none_is_marked()
    {
        var contact = Person(new ContactDetails
        {
            LastName = "Mustermann",
            Emails = [Email("erika@example.de"), Email("info@example.de")],
        });

        Assert.Equal([Email("erika@example.de", isPrimary: true), Email("info@example.de")], contact.Emails);
    }

    [Fact]
    public void A_primary_email_marked_by_the_caller_stays_the_only_primary()
    {
        var contact = Person(new ContactDetails
        {
            LastName = "Mustermann",
            Emails = [Email("erika@example.de"), Email("info@example.de", isPrimary: true)],
        });

        Assert.Equal([Email("erika@example.de"), Email("info@example.de", isPrimary: true)], contact.Emails);
    }

    [Fact]
    public void Two_primary_emails_are_rejected()
    {
        var error = Assert.Throws<DomainValidationException>(() => Person(new ContactDetails
        {
            LastName = "Mustermann",
            Emails = [Email("erika@example.de", isPrimary: true), Email("info@example.de", isPrimary: true)],
        }));

        Assert.Equal("emails", error.Field);
        Assert.Equal("At most one of emails can be primary.", error.Message);
    }

    [Fact]
    public void Two_primary_phone_numbers_are_rejected()
    {
        var error = Assert.Throws<DomainValidationException>(() => Person(new ContactDetails
        {
            LastName = "Mustermann",
            Phones = [new PhoneNumber("+49 30 1234567", null, true), new PhoneNumber("+49 171 1234567", null, true)],
        }));

        Assert.Equal("phones", error.Field);
        Assert.Equal("At most one of phones can be primary.", error.Message);
    }

    [Fact]
    public void The_first_phone_number_becomes_primary_when_none_is_marked()
    {
        var contact = Person(new ContactDetails
        {
            LastName = "Mustermann",
            Phones = [new PhoneNumber("+49 30 1234567", "Büro", false), new PhoneNumber("+49 171 1234567", "Mobil", false)],
        });

        Assert.Equal([true, false], contact.Phones.Select(p => p.IsPrimary));
    }

    [Fact]
    public void More_than_20_email_addresses_are_rejected()
    {
        var emails = Enumerable.Range(1, 21).Select(i => Email($"erika{i}@example.de")).ToList();

        var error = Assert.Throws<DomainValidationException>(
            () => Person(new ContactDetails { LastName = "Mustermann", Emails = emails }));

        Assert.Equal("emails", error.Field);
        Assert.Equal("A contact can have at most 20 emails.", error.Message);
    }

    [Theory]
    [InlineData("example.de", "https://example.de/")]
    [InlineData("www.example.de/kontakt", "https://www.example.de/kontakt")]
    [InlineData("http://example.de", "http://example.de/")]
    [InlineData(" https://example.de/impressum ", "https://example.de/impressum")]
    public void A_website_is_normalised_to_an_absolute_web_address(string entered, string stored)
    {
        var contact = Person(new ContactDetails { LastName = "Mustermann", Website = entered });

        Assert.Equal(stored, contact.Website);
    }

    [Theory]
    [InlineData("ftp://example.de")]
    [InlineData("localhost")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:erika@example.de")]
    [InlineData("https://www.sparkasse.de@phishing.example")]
    public void A_website_that_is_not_a_public_web_address_is_rejected(string entered)
    {
        var error = Assert.Throws<DomainValidationException>(
            () => Person(new ContactDetails { LastName = "Mustermann", Website = entered }));

        Assert.Equal("website", error.Field);
        Assert.Equal($"'{entered}' is not a web address.", error.Message);
    }

    [Fact]
    public void A_birthday_in_the_future_is_rejected()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => Person(new ContactDetails { LastName = "Mustermann", Birthday = new DateOnly(2026, 6, 16) }));

        Assert.Equal("birthday", error.Field);
        Assert.Equal("birthday must lie between 1850 and today.", error.Message);
    }

    [Fact]
    public void A_birthday_today_is_accepted()
    {
        var contact = Person(new ContactDetails { LastName = "Mustermann", Birthday = new DateOnly(2026, 6, 15) });

        Assert.Equal(new DateOnly(2026, 6, 15), contact.Birthday);
    }

    [Fact]
    public void A_birthday_before_1850_is_rejected()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => Person(new ContactDetails { LastName = "Mustermann", Birthday = new DateOnly(1849, 12, 31) }));

        Assert.Equal("birthday", error.Field);
    }

    [Fact]
    public void Tags_are_trimmed_and_deduplicated_ignoring_case()
    {
        var contact = Person(new ContactDetails
        {
            LastName = "Mustermann",
            Tags = [" VIP ", "vip", "Kunde", "KUNDE ", "Presse"],
        });

        Assert.Equal(["VIP", "Kunde", "Presse"], contact.Tags.Select(t => t.Name));
        Assert.All(contact.Tags, t => Assert.Equal(contact.Id, t.ContactId));
    }

    [Fact]
    public void An_empty_tag_is_rejected_with_its_position()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => Person(new ContactDetails { LastName = "Mustermann", Tags = ["VIP", " "] }));

        Assert.Equal("tags[1]", error.Field);
        Assert.Equal("tags[1] is required.", error.Message);
    }

    [Fact]
    public void A_contact_can_carry_100_tags()
    {
        var tags = Enumerable.Range(1, 100).Select(i => $"Tag {i}").ToList();

        var contact = Person(new ContactDetails { LastName = "Mustermann", Tags = tags });

        Assert.Equal(100, contact.Tags.Count);
    }

    [Fact]
    public void More_than_100_tags_are_rejected()
    {
        var tags = Enumerable.Range(1, 101).Select(i => $"Tag {i}").ToList();

        var error = Assert.Throws<DomainValidationException>(
            () => Person(new ContactDetails { LastName = "Mustermann", Tags = tags }));

        Assert.Equal("tags", error.Field);
        Assert.Equal("A contact can carry at most 100 tags.", error.Message);
    }

    [Fact]
    public void Duplicate_tags_do_not_count_towards_the_limit()
    {
        var tags = Enumerable.Range(1, 100).Select(i => $"Tag {i}").Append("TAG 1").ToList();

        var contact = Person(new ContactDetails { LastName = "Mustermann", Tags = tags });

        Assert.Equal(100, contact.Tags.Count);
    }

    [Fact]
    public void Update_with_the_current_version_applies_the_changes_and_bumps_the_version()
    {
        var contact = Person(new ContactDetails { FirstName = "Erika", LastName = "Mustermann", Tags = ["VIP", "Presse"] });

        contact.Update(contact.ToDetails() with { LastName = "Musterfrau", Tags = ["Presse", "Kunde"] }, expectedVersion: 1, Today);

        Assert.Equal(2, contact.Version);
        Assert.Equal("Musterfrau", contact.LastName);
        Assert.Equal("Erika Musterfrau", contact.DisplayName);
        Assert.Equal(["Presse", "Kunde"], contact.Tags.Select(t => t.Name));
    }

    [Fact]
    public void Update_with_a_stale_version_throws_a_concurrency_conflict_and_changes_nothing()
    {
        var contact = Person(new ContactDetails { FirstName = "Erika", LastName = "Mustermann" });
        contact.Update(contact.ToDetails() with { Department = "Vertrieb" }, expectedVersion: 1, Today);

        var conflict = Assert.Throws<ConcurrencyConflictException>(
            () => contact.Update(contact.ToDetails() with { LastName = "Musterfrau" }, expectedVersion: 1, Today));

        Assert.Equal(contact.Id, conflict.EntityId);
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal("The object was changed by someone else: you edited version 1, the current version is 2.", conflict.Message);
        Assert.Equal(2, contact.Version);
        Assert.Equal("Mustermann", contact.LastName);
    }

    [Fact]
    public void A_concurrency_conflict_is_a_domain_exception()
    {
        var contact = Person(new ContactDetails { LastName = "Mustermann" });

        Assert.ThrowsAny<DomainException>(() => contact.Update(contact.ToDetails(), expectedVersion: 7, Today));
    }

    [Fact]
    public void Only_a_person_can_have_an_employer()
    {
        var error = Assert.Throws<DomainValidationException>(() => new Contact(
            ContactKind.Organization, new ContactDetails { OrganizationName = "Muster GmbH", EmployerId = Guid.CreateVersion7() }, Today));

        Assert.Equal("employerId", error.Field);
        Assert.Equal("Only a person can have an employer, and not itself.", error.Message);
    }
}
