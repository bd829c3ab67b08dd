using ContactBox.Domain.Contacts;
using ContactBox.Domain.Import;

namespace ContactBox.Domain.Tests.Import;

public sealed class ContactRowTests
{
    private static readonly DateTimeOffset Today = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ContactRow Row = new(ContactRow.Headers.For(["Anrede", "Vorname", "Nachname", "Firma", "E-Mail", "Geburtstag", "PLZ", "Land"]));

    private static (Contact? Contact, ImportProblem? Problem) Read(params string[] values)
    {
        string[] headers = ["Anrede", "Vorname", "Nachname", "Firma", "E-Mail", "Geburtstag", "PLZ", "Land"];
        var (contact, _, problem) = Row.Read(7, column => values[Array.IndexOf(headers, column)], Today);
        return (contact, problem);
    }

    [Theory]
    [InlineData("31.03.1980")]
    [InlineData("1980-03-31")]
    [InlineData("31.3.1980")]
    public void Birthdays_in_German_and_ISO_format_are_read(string birthday) =>
        Assert.Equal(new DateOnly(1980, 3, 31), Read("Frau", "Anna", "Alt", "", "anna@example.org", birthday, "", "").Contact!.Birthday);

    [Fact]
    public void A_row_with_only_an_organisation_name_is_an_organisation_and_an_address_without_country_is_in_Germany()
    {
        var contact = Read("", "", "", "Muster GmbH", "", "", "10115", "").Contact!;

        Assert.Equal((ContactKind.Organization, "Muster GmbH", "DE", "10115"), (contact.Kind, contact.DisplayName, contact.Addresses[0].Country, contact.Addresses[0].PostalCode));
    }

    [Theory]
    [InlineData("Frau", "Anna", "Alt", "anna@example", "", "", "E-Mail", "'anna@example' is not a valid e-mail address.")]
    [InlineData("Frau", "", "", "anna@example.org", "", "", "Nachname", "A person needs a first or a last name.")]
    [InlineData("Dame", "Anna", "Alt", "", "", "", "Anrede", "'Dame' is not a salutation: use Frau/Ms, Herr/Mr or Divers/Mx.")]
    [InlineData("", "Anna", "Alt", "", "31.02.1980", "", "Geburtstag", "'31.02.1980' is not a date: use 2027-03-31 or 31.03.2027.")]
    [InlineData("", "Anna", "Alt", "", "01.01.2030", "", "Geburtstag", "birthday must lie between 1850 and today.")]
    [InlineData("", "Anna", "Alt", "", "", "Deutschland", "Land", "addresses[0].country must be at most 2 characters long.")]
    public void A_rule_s_complaint_names_the_line_and_the_column_the_value_came_from(string salutation, string first, string last, string email, string birthday, string country, string column, string reason)
    {
        var (contact, problem) = Read(salutation, first, last, "", email, birthday, "", country);

        Assert.Null(contact);
        Assert.Equal(new ImportProblem(7, column, reason), problem);
    }
}
