using ContactBox.Domain.Import;

namespace ContactBox.Domain.Tests.Import;

public sealed class HeaderSuggestionTests
{
    [Theory]
    [InlineData("Vorname", ImportField.FirstName)]
    [InlineData("first_name", ImportField.FirstName)]
    [InlineData("firstName", ImportField.FirstName)]
    [InlineData("Nachname", ImportField.LastName)]
    [InlineData("E-Mail", ImportField.Email)]
    [InlineData("e_mail", ImportField.Email)]
    [InlineData("EMail-Adresse", ImportField.Email)]
    [InlineData("PLZ", ImportField.PostalCode)]
    [InlineData(" Ort ", ImportField.City)]
    [InlineData("Straße", ImportField.Street)]
    [InlineData("Strasse", ImportField.Street)]
    [InlineData("Firma", ImportField.OrganizationName)]
    [InlineData("Company", ImportField.OrganizationName)]
    [InlineData("Telefon", ImportField.Phone)]
    [InlineData("Geburtsdatum", ImportField.Birthday)]
    [InlineData("Land", ImportField.Country)]
    [InlineData("Schlagwörter", ImportField.Tags)]
    [InlineData("Kundennummer", ImportField.ExternalId)]
    [InlineData("externalId", ImportField.ExternalId)]
    public void German_and_English_headers_suggest_their_contact_field(string header, ImportField field) =>
        Assert.Equal(field, ContactRow.Headers.Suggest(header));

    [Fact]
    public void Unknown_headers_suggest_nothing_and_the_first_column_naming_a_field_wins_it()
    {
        var mapping = ContactRow.Headers.For(["Lieblingsfarbe", "E-Mail", "Mail", "Name"]);

        Assert.Null(ContactRow.Headers.Suggest("Lieblingsfarbe"));
        Assert.Equal([new ColumnMapping<ImportField>("E-Mail", ImportField.Email), new ColumnMapping<ImportField>("Name", ImportField.LastName)], mapping);
    }

    [Fact]
    public void Timeline_headers_suggest_the_entry_fields()
    {
        var mapping = TimelineRow.Headers.For(["E-Mail", "Datum", "Art", "Betreff", "Notiz"]);

        Assert.Equal([TimelineImportField.ContactEmail, TimelineImportField.OccurredAt, TimelineImportField.Kind, TimelineImportField.Subject, TimelineImportField.Body],
            mapping.Select(m => m.Field));
    }
}
