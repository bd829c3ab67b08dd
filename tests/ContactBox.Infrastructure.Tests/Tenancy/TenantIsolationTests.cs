using ContactBox.Domain.Contacts;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Timeline;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Tests.Tenancy;

public abstract class TenantIsolationTests(DatabaseFixture database)
{
    private const string NoWorkspace = "No workspace was set for this scope; data access is refused.";

    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Contacts_of_one_workspace_are_invisible_in_another()
    {
        database.SkipUnlessAvailable();
        var (a, b) = (await database.CreateWorkspaceAsync("A"), await database.CreateWorkspaceAsync("B"));
        var inA = await AddContactWithHistoryAsync(a, "Mustermann");
        var inB = await AddContactWithHistoryAsync(b, "Musterfrau");

        await using var scope = database.Open(b);

        Assert.Equal([inB], await scope.Db.Contacts.Select(c => c.Id).ToListAsync());
        Assert.Equal([inB, inB], await scope.Db.ContactTags.Select(t => t.ContactId).ToListAsync());
        Assert.Equal([inB], await scope.Db.TimelineEntries.Select(t => t.ContactId).ToListAsync());
        Assert.Equal([inB], await scope.Db.FollowUps.Select(f => f.ContactId).ToListAsync());
        Assert.Null(await scope.Db.Contacts.FindAsync(inA));
        Assert.Null(await scope.Db.Contacts.FirstOrDefaultAsync(c => c.Id == inA));
    }

    [SkippableFact]
    public async Task Queries_through_tags_and_timeline_entries_see_only_rows_of_the_workspace()
    {
        database.SkipUnlessAvailable();
        var (a, b) = (await database.CreateWorkspaceAsync("A"), await database.CreateWorkspaceAsync("B"));
        var inA = await AddContactWithHistoryAsync(a, "Mustermann");
        var inB = await AddContactWithHistoryAsync(b, "Musterfrau");

        await using var scope = database.Open(b);
        var db = scope.Db;

        Assert.Equal([inB], await db.Contacts.Where(c => c.Tags.Any(t => t.Name == "VIP")).Select(c => c.Id).ToListAsync());
        Assert.Equal(
            [inB],
            await db.Contacts.Where(c => db.TimelineEntries.Any(t => t.ContactId == c.Id && t.Subject == "Erstgespräch")).Select(c => c.Id).ToListAsync());
        Assert.Empty(await db.ContactTags.Where(t => t.ContactId == inA).ToListAsync());
        Assert.Empty(await db.TimelineEntries.Where(t => t.ContactId == inA).ToListAsync());
        var loaded = await db.Contacts.Include(c => c.Tags).SingleAsync();
        Assert.Equal(["Presse", "VIP"], loaded.Tags.Select(t => t.Name).Order());
    }

    [SkippableFact]
    public async Task A_scope_without_a_workspace_refuses_to_read_or_write()
    {
        database.SkipUnlessAvailable();
        await using var scope = database.OpenWithoutWorkspace();

        var list = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.Contacts.ToListAsync());
        var find = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.Contacts.FindAsync(Guid.CreateVersion7()).AsTask());
        var tags = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.ContactTags.CountAsync());
        scope.Db.Contacts.Add(TestContacts.Person("Mustermann"));
        var save = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.SaveChangesAsync());

        Assert.All(new[] { list, find, tags, save }, error => Assert.Equal(NoWorkspace, error.Message));
    }

    [SkippableFact]
    public async Task Changing_a_contact_of_another_workspace_is_refused_and_changes_nothing()
    {
        database.SkipUnlessAvailable();
        var (a, b) = (await database.CreateWorkspaceAsync("A"), await database.CreateWorkspaceAsync("B"));
        var contact = TestContacts.Person("Mustermann");
        await database.AddAsync(a, contact);
        var stranger = await LoadDetachedAsync(a, contact.Id);

        await using (var scope = database.Open(b))
        {
            scope.Db.Contacts.Attach(stranger);
            stranger.Update(stranger.ToDetails() with { LastName = "Übernommen" }, stranger.Version, Monday);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.SaveChangesAsync());
            Assert.Equal("Refused to change a Contact of another workspace.", error.Message);
        }

        var stored = await LoadDetachedAsync(a, contact.Id);
        Assert.Equal("Mustermann", stored.LastName);
        Assert.Equal(1, stored.Version);
    }

    [SkippableFact]
    public async Task Deleting_a_contact_of_another_workspace_is_refused_and_changes_nothing()
    {
        database.SkipUnlessAvailable();
        var (a, b) = (await database.CreateWorkspaceAsync("A"), await database.CreateWorkspaceAsync("B"));
        var contact = TestContacts.Person("Mustermann");
        await database.AddAsync(a, contact);
        var stranger = await LoadDetachedAsync(a, contact.Id);

        await using (var scope = database.Open(b))
        {
            scope.Db.Contacts.Remove(stranger);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.SaveChangesAsync());
            Assert.Equal("Refused to change a Contact of another workspace.", error.Message);
        }

        await using var check = database.Open(a);
        Assert.Equal([contact.Id], await check.Db.Contacts.Select(c => c.Id).ToListAsync());
    }

    [SkippableFact]
    public async Task Bulk_updates_and_deletes_from_another_workspace_affect_no_rows()
    {
        database.SkipUnlessAvailable();
        var (a, b) = (await database.CreateWorkspaceAsync("A"), await database.CreateWorkspaceAsync("B"));
        var contact = TestContacts.Person("Mustermann", "VIP");
        await database.AddAsync(a, contact);

        await using (var scope = database.Open(b))
        {
            Assert.Equal(0, await scope.Db.Contacts.Where(c => c.Id == contact.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastName, "Übernommen")));
            Assert.Equal(0, await scope.Db.ContactTags.Where(t => t.ContactId == contact.Id).ExecuteDeleteAsync());
            Assert.Equal(0, await scope.Db.Contacts.Where(c => c.Id == contact.Id).ExecuteDeleteAsync());
        }

        var stored = await LoadDetachedAsync(a, contact.Id);
        Assert.Equal("Mustermann", stored.LastName);
        Assert.Equal(["VIP"], stored.Tags.Select(t => t.Name));
    }

    [SkippableFact]
    public async Task New_rows_get_the_workspace_of_their_scope()
    {
        database.SkipUnlessAvailable();
        var a = await database.CreateWorkspaceAsync("A");
        var contact = TestContacts.Person("Mustermann", "VIP", "Presse");
        var entry = new TimelineEntry(contact.Id, TimelineEntryKind.Note, null, "Erstgespräch", null, Monday, null);
        var followUp = new FollowUp(contact.Id, null, Monday.AddDays(7), "Angebot nachfassen", null);

        await database.AddAsync(a, contact, entry, followUp);

        Assert.Equal([a, a, a], new[] { contact.WorkspaceId, entry.WorkspaceId, followUp.WorkspaceId });
        await using var other = database.Open(await database.CreateWorkspaceAsync("B"));
        var tagWorkspaces = await other.Db.ContactTags.IgnoreQueryFilters().Where(t => t.ContactId == contact.Id).Select(t => t.WorkspaceId).ToListAsync();
        Assert.Equal([a, a], tagWorkspaces);
        Assert.Equal(a, await other.Db.Contacts.IgnoreQueryFilters().Where(c => c.Id == contact.Id).Select(c => c.WorkspaceId).SingleAsync());
        Assert.Equal(a, await other.Db.TimelineEntries.IgnoreQueryFilters().Where(t => t.Id == entry.Id).Select(t => t.WorkspaceId).SingleAsync());
        Assert.Equal(a, await other.Db.FollowUps.IgnoreQueryFilters().Where(f => f.Id == followUp.Id).Select(f => f.WorkspaceId).SingleAsync());
    }

    private async Task<Guid> AddContactWithHistoryAsync(Guid workspaceId, string lastName)
    {
        var contact = TestContacts.Person(lastName, "VIP", "Presse");
        await database.AddAsync(
            workspaceId,
            contact,
            new TimelineEntry(contact.Id, TimelineEntryKind.Call, Direction.Inbound, "Erstgespräch", null, Monday, null),
            new FollowUp(contact.Id, null, Monday.AddDays(7), "Angebot nachfassen", null));
        return contact.Id;
    }

    private async Task<Contact> LoadDetachedAsync(Guid workspaceId, Guid contactId)
    {
        await using var scope = database.Open(workspaceId);
        return await scope.Db.Contacts.AsNoTracking().Include(c => c.Tags).SingleAsync(c => c.Id == contactId);
    }
}

public sealed class SqliteTenantIsolationTests(SqliteDatabase database)
    : TenantIsolationTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlTenantIsolationTests(PostgreSqlDatabase database)
    : TenantIsolationTests(database), IClassFixture<PostgreSqlDatabase>;
