using ContactBox.Domain.Contacts;

namespace ContactBox.Infrastructure.Tests.Support;

/// <summary>Valid contacts for tests that are about storage rather than contact rules.</summary>
public static class TestContacts
{
    public static readonly DateTimeOffset Today = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public static Contact Person(string lastName, params string[] tags) =>
        new(ContactKind.Person, new ContactDetails { FirstName = "Erika", LastName = lastName, Tags = tags }, Today);
}
