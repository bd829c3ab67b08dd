using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Tests.Persistence;

public abstract class ConcurrencyTests(DatabaseFixture database)
{
    [SkippableFact]
    public async Task The_second_of_two_concurrent_updates_is_refused_by_the_database()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var contact = TestContacts.Person("Mustermann");
        await database.AddAsync(workspaceId, contact);
        await using var first = database.Open(workspaceId);
        await using var second = database.Open(workspaceId);
        var firstCopy = await first.Db.Contacts.Include(c => c.Tags).SingleAsync(c => c.Id == contact.Id);
        var secondCopy = await second.Db.Contacts.Include(c => c.Tags).SingleAsync(c => c.Id == contact.Id);

        firstCopy.Update(firstCopy.ToDetails() with { LastName = "Musterfrau" }, expectedVersion: 1, TestContacts.Today);
        await first.Db.SaveChangesAsync();
        secondCopy.Update(secondCopy.ToDetails() with { Department = "Einkauf" }, expectedVersion: 1, TestContacts.Today);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.Db.SaveChangesAsync());

        await using var check = database.Open(workspaceId);
        var stored = await check.Db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contact.Id);
        Assert.Equal(2, stored.Version);
        Assert.Equal("Musterfrau", stored.LastName);
        Assert.Null(stored.Department);
    }

    [SkippableFact]
    public async Task Updating_a_contact_that_was_deleted_meanwhile_is_refused()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var contact = TestContacts.Person("Mustermann");
        await database.AddAsync(workspaceId, contact);
        await using var editor = database.Open(workspaceId);
        var copy = await editor.Db.Contacts.Include(c => c.Tags).SingleAsync(c => c.Id == contact.Id);
        await using (var remover = database.Open(workspaceId))
        {
            remover.Db.Contacts.Remove(await remover.Db.Contacts.SingleAsync(c => c.Id == contact.Id));
            await remover.Db.SaveChangesAsync();
        }

        copy.Update(copy.ToDetails() with { Department = "Einkauf" }, expectedVersion: 1, TestContacts.Today);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => editor.Db.SaveChangesAsync());
        await using var check = database.Open(workspaceId);
        Assert.False(await check.Db.Contacts.AnyAsync(c => c.Id == contact.Id));
    }
}

public sealed class SqliteConcurrencyTests(SqliteDatabase database)
    : ConcurrencyTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlConcurrencyTests(PostgreSqlDatabase database)
    : ConcurrencyTests(database), IClassFixture<PostgreSqlDatabase>;
