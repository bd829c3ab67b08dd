using ContactBox.Domain.Contacts;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Tests.Persistence;

/// <summary>E-mail addresses, phone numbers and postal addresses live in JSON columns of the contact row.</summary>
public abstract class JsonColumnTests(DatabaseFixture database)
{
    [SkippableFact]
    public async Task Contact_points_round_trip_exactly()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        EmailAddress[] emails = [new("erika@example.de", "Büro", false), new("e.mustermann@beispiel-straße.de", "Privat „zuhause“", true)];
        PhoneNumber[] phones = [new("+49 89 1234567", "Zentrale (München)", true), new("0171/123 45 67", null, false)];
        PostalAddress[] addresses =
        [
            new("Geschäftsadresse", "Königstraße 12", "80331", "München", "Bayern", "DE"),
            new(null, "Grüner Weg 3", "8001", "Zürich", null, "CH"),
        ];
        var contact = new Contact(
            ContactKind.Person,
            new ContactDetails { FirstName = "Jürgen", LastName = "Müller-Lüdenscheidt", Emails = emails, Phones = phones, Addresses = addresses },
            TestContacts.Today);
        await database.AddAsync(workspaceId, contact);

        await using var scope = database.Open(workspaceId);
        var stored = await scope.Db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contact.Id);

        Assert.Equal(emails, stored.Emails);
        Assert.Equal(phones, stored.Phones);
        Assert.Equal(addresses, stored.Addresses);
        Assert.Equal("Jürgen Müller-Lüdenscheidt", stored.DisplayName);
    }

    [SkippableFact]
    public async Task A_contact_without_contact_points_reads_back_empty_lists()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var contact = TestContacts.Person("Mustermann");
        await database.AddAsync(workspaceId, contact);

        await using var scope = database.Open(workspaceId);
        var stored = await scope.Db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contact.Id);

        Assert.Empty(stored.Emails);
        Assert.Empty(stored.Phones);
        Assert.Empty(stored.Addresses);
    }

    [SkippableFact]
    public async Task Replaced_contact_points_are_saved()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var contact = WithEmails("Mustermann", "erika@example.de", "info@example.de");
        await database.AddAsync(workspaceId, contact);
        EmailAddress[] replacement = [new("neu@example.de", "Neu", false), new("erika@example.de", null, true)];

        await using (var scope = database.Open(workspaceId))
        {
            var tracked = await scope.Db.Contacts.Include(c => c.Tags).SingleAsync(c => c.Id == contact.Id);
            tracked.Update(tracked.ToDetails() with { Emails = replacement }, tracked.Version, TestContacts.Today);
            await scope.Db.SaveChangesAsync();
        }

        await using var check = database.Open(workspaceId);
        var stored = await check.Db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contact.Id);
        Assert.Equal(replacement, stored.Emails);
    }

    [SkippableFact]
    public async Task Contacts_are_found_by_an_email_address_inside_the_json_column()
    {
        database.SkipUnlessAvailable();
        var (workspaceId, otherWorkspaceId) = (await database.CreateWorkspaceAsync("A"), await database.CreateWorkspaceAsync("B"));
        var erika = WithEmails("Mustermann", "erika@example.de", "info@example.de");
        var max = WithEmails("Muster", "max@example.de");
        var nobody = TestContacts.Person("Ohnemail");
        await database.AddAsync(workspaceId, erika, max, nobody);
        await database.AddAsync(otherWorkspaceId, WithEmails("Fremd", "info@example.de"));

        await using var scope = database.Open(workspaceId);
        var byAddress = await scope.Db.Contacts.Where(c => c.Emails.Any(e => e.Address == "info@example.de")).Select(c => c.Id).ToListAsync();
        var byPrimary = await scope.Db.Contacts.Where(c => c.Emails.Any(e => e.IsPrimary && e.Address == "max@example.de")).Select(c => c.Id).ToListAsync();
        var withoutEmail = await scope.Db.Contacts.Where(c => !c.Emails.Any()).Select(c => c.Id).ToListAsync();

        Assert.Equal([erika.Id], byAddress);
        Assert.Equal([max.Id], byPrimary);
        Assert.Equal([nobody.Id], withoutEmail);
    }

    [SkippableFact]
    public async Task Contacts_are_found_by_a_city_with_umlauts_inside_the_json_column()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var munich = WithAddress("Mustermann", "München");
        var cologne = WithAddress("Musterfrau", "Köln");
        await database.AddAsync(workspaceId, munich, cologne);

        await using var scope = database.Open(workspaceId);
        var found = await scope.Db.Contacts.Where(c => c.Addresses.Any(a => a.City == "München" && a.Country == "DE")).Select(c => c.Id).ToListAsync();

        Assert.Equal([munich.Id], found);
    }

    private static Contact WithEmails(string lastName, params string[] addresses) =>
        new(ContactKind.Person, new ContactDetails { LastName = lastName, Emails = addresses.Select(a => new EmailAddress(a, null, false)).ToList() }, TestContacts.Today);

    private static Contact WithAddress(string lastName, string city) =>
        new(ContactKind.Person, new ContactDetails { LastName = lastName, Addresses = [new PostalAddress(null, "Hauptstraße 1", "12345", city, null, "DE")] }, TestContacts.Today);
}

public sealed class SqliteJsonColumnTests(SqliteDatabase database)
    : JsonColumnTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlJsonColumnTests(PostgreSqlDatabase database)
    : JsonColumnTests(database), IClassFixture<PostgreSqlDatabase>;
