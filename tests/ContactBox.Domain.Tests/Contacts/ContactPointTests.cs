using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;

namespace ContactBox.Domain.Tests.Contacts;

public sealed class ContactPointTests
{
    [Fact]
    public void An_email_address_is_trimmed_and_keeps_its_label()
    {
        var email = EmailAddress.Create(" erika@example.de ", " Büro ", isPrimary: true, "emails[0]");

        Assert.Equal(new EmailAddress("erika@example.de", "Büro", true), email);
    }

    [Theory]
    [InlineData("erika")]
    [InlineData("erika@")]
    [InlineData("erika@localhost")]
    [InlineData("erika mustermann@example.de")]
    [InlineData("Erika <erika@example.de>")]
    public void An_invalid_email_address_is_rejected_with_its_field_path(string address)
    {
        var error = Assert.Throws<DomainValidationException>(() => EmailAddress.Create(address, null, false, "emails[2]"));

        Assert.Equal("emails[2].address", error.Field);
        Assert.Equal($"'{address}' is not a valid e-mail address.", error.Message);
    }

    [Fact]
    public void A_missing_email_address_is_required()
    {
        var error = Assert.Throws<DomainValidationException>(() => EmailAddress.Create(" ", null, false, "emails[0]"));

        Assert.Equal("emails[0].address", error.Field);
        Assert.Equal("emails[0].address is required.", error.Message);
    }

    [Fact]
    public void An_email_address_longer_than_254_characters_is_rejected()
    {
        var address = new string('a', 64) + "@" + new string('b', 187) + ".de";

        var error = Assert.Throws<DomainValidationException>(() => EmailAddress.Create(address, null, false, "emails[0]"));

        Assert.Equal("emails[0].address", error.Field);
        Assert.Equal("emails[0].address must be at most 254 characters long.", error.Message);
    }

    [Fact]
    public void A_label_longer_than_50_characters_is_rejected_with_its_field_path()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => EmailAddress.Create("erika@example.de", new string('x', 51), false, "emails[0]"));

        Assert.Equal("emails[0].label", error.Field);
        Assert.Equal("emails[0].label must be at most 50 characters long.", error.Message);
    }

    [Theory]
    [InlineData("+49 (30) 123456-7")]
    [InlineData("030/1234567")]
    [InlineData("0171.1234567")]
    public void A_phone_number_is_kept_as_entered(string number)
    {
        var phone = PhoneNumber.Create(number, "Mobil", isPrimary: false, "phones[0]");

        Assert.Equal(new PhoneNumber(number, "Mobil", false), phone);
    }

    [Theory]
    [InlineData("call me")]
    [InlineData("12")]
    [InlineData("+49 30 1234567 ext. 5")]
    public void A_phone_number_with_other_characters_is_rejected(string number)
    {
        var error = Assert.Throws<DomainValidationException>(() => PhoneNumber.Create(number, null, false, "phones[1]"));

        Assert.Equal("phones[1].number", error.Field);
        Assert.Equal($"'{number}' is not a phone number: use digits, spaces and + ( ) / - . only.", error.Message);
    }

    [Fact]
    public void A_missing_phone_number_is_required()
    {
        var error = Assert.Throws<DomainValidationException>(() => PhoneNumber.Create(null, "Büro", false, "phones[0]"));

        Assert.Equal("phones[0].number", error.Field);
        Assert.Equal("phones[0].number is required.", error.Message);
    }

    [Fact]
    public void A_postal_address_upper_cases_its_country_code_and_trims_its_parts()
    {
        var address = PostalAddress.Create(" Büro ", " Königstraße 12 ", "80331", " München ", "Bayern", " de ", "addresses[0]");

        Assert.Equal(new PostalAddress("Büro", "Königstraße 12", "80331", "München", "Bayern", "DE"), address);
    }

    [Theory]
    [InlineData("D")]
    [InlineData("D1")]
    [InlineData("Ö")]
    public void A_country_that_is_not_a_two_letter_code_is_rejected(string country)
    {
        var error = Assert.Throws<DomainValidationException>(
            () => PostalAddress.Create(null, "Königstraße 12", "80331", "München", null, country, "addresses[1]"));

        Assert.Equal("addresses[1].country", error.Field);
        Assert.Equal($"'{country.ToUpperInvariant()}' is not an ISO 3166-1 alpha-2 country code (e.g. DE).", error.Message);
    }

    [Fact]
    public void A_country_name_instead_of_a_code_is_rejected_as_too_long()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => PostalAddress.Create(null, null, null, "Berlin", null, "Deutschland", "addresses[0]"));

        Assert.Equal("addresses[0].country", error.Field);
        Assert.Equal("addresses[0].country must be at most 2 characters long.", error.Message);
    }

    [Fact]
    public void A_postal_address_needs_a_country()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => PostalAddress.Create(null, "Königstraße 12", "80331", "München", null, null, "addresses[0]"));

        Assert.Equal("addresses[0].country", error.Field);
        Assert.Equal("addresses[0].country is required.", error.Message);
    }
}
