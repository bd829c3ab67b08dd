using ContactBox.Domain.Contacts;
using ContactBox.Domain.Import;

namespace ContactBox.Domain.Tests.Import;

public sealed class DuplicateKeysTests
{
    [Theory]
    [InlineData("  Anna.Alt@Example.ORG ", "anna.alt@example.org")]
    [InlineData("ÄRGER@example.de", "ärger@example.de")]
    public void Email_is_trimmed_and_lower_case(string address, string key) => Assert.Equal(key, DuplicateKeys.Email(address));

    [Theory]
    [InlineData("+49 30 1234567", "+49301234567")]
    [InlineData("030/123 45 67", "+49301234567")]
    [InlineData("0049 (30) 1234-567", "+49301234567")]
    [InlineData("+43 1 234 5678", "+4312345678")]
    [InlineData("12345", "12345")]
    [InlineData("110", null)]
    public void Phone_is_the_international_digits_with_German_national_numbers_completed(string number, string? key) => Assert.Equal(key, DuplicateKeys.Phone(number));

    [Fact]
    public void Name_and_postal_code_fold_case_and_spaces_and_need_both()
    {
        static ContactDetails Person(string? first, string? last, string? organization, string? postalCode) => new()
        {
            FirstName = first, LastName = last, OrganizationName = organization,
            Addresses = postalCode is null ? [] : [new PostalAddress(null, null, postalCode, null, null, "DE")],
        };

        Assert.Equal("müller-lüdenscheidt|hans jürgen|10115", DuplicateKeys.NameAndPostalCode(Person("Hans  Jürgen", "MÜLLER-Lüdenscheidt", null, "10 115")));
        Assert.Equal("muster gmbh||80331", DuplicateKeys.NameAndPostalCode(Person(null, null, "Muster  GmbH", "80331")));
        Assert.Null(DuplicateKeys.NameAndPostalCode(Person("Anna", "Alt", null, null)));
        Assert.Null(DuplicateKeys.NameAndPostalCode(Person("Anna", null, null, "10115")));
    }
}
