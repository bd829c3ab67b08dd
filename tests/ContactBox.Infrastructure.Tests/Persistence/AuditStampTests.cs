using ContactBox.Domain.Contacts;
using ContactBox.Domain.Workspaces;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Tests.Persistence;

public abstract class AuditStampTests(DatabaseFixture database)
{
    [SkippableFact]
    public async Task New_rows_are_stamped_with_the_clock_and_the_actor()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var actorId = Guid.CreateVersion7();
        var created = new DateTimeOffset(2026, 3, 2, 9, 15, 30, TimeSpan.Zero);
        database.Clock.Now = created;
        var contact = TestContacts.Person("Mustermann");

        await using (var scope = database.Open(workspaceId, actorId))
        {
            scope.Db.Contacts.Add(contact);
            await scope.Db.SaveChangesAsync();
        }

        var stored = await LoadAsync(workspaceId, contact.Id);
        Assert.Equal(created, stored.CreatedAt);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Equal(actorId, stored.CreatedById);
        Assert.Equal(created, stored.UpdatedAt);
        Assert.Equal(actorId, stored.UpdatedById);
    }

    [SkippableFact]
    public async Task A_bulk_stamp_needs_a_workspace_only_for_rows_that_belong_to_one()
    {
        database.SkipUnlessAvailable();
        await using var scope = database.OpenWithoutWorkspace();
        var workspace = new Workspace("Ohne Stempel GmbH", TestContacts.Today);

        WorkspaceStampInterceptor.StampAdded(scope.Db, workspace, TestContacts.Today);
        var refused = Assert.Throws<InvalidOperationException>(() => WorkspaceStampInterceptor.StampAdded(scope.Db, TestContacts.Person("Mustermann"), TestContacts.Today));

        Assert.Equal("Ohne Stempel GmbH", workspace.Name);
        Assert.Equal("No workspace was set for this scope; data access is refused.", refused.Message);
    }

    [SkippableFact]
    public async Task An_update_stamps_the_change_and_keeps_the_creation_stamps()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var (creator, editor) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var created = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var changed = new DateTimeOffset(2026, 3, 4, 16, 45, 0, TimeSpan.Zero);
        var contact = TestContacts.Person("Mustermann");
        database.Clock.Now = created;
        await using (var scope = database.Open(workspaceId, creator))
        {
            scope.Db.Contacts.Add(contact);
            await scope.Db.SaveChangesAsync();
        }

        database.Clock.Now = changed;
        await using (var scope = database.Open(workspaceId, editor))
        {
            var tracked = await scope.Db.Contacts.Include(c => c.Tags).SingleAsync(c => c.Id == contact.Id);
            tracked.Update(tracked.ToDetails() with { Department = "Einkauf" }, tracked.Version, changed);
            await scope.Db.SaveChangesAsync();
        }

        var stored = await LoadAsync(workspaceId, contact.Id);
        Assert.Equal("Einkauf", stored.Department);
        Assert.Equal(created, stored.CreatedAt);
        Assert.Equal(creator, stored.CreatedById);
        Assert.Equal(changed, stored.UpdatedAt);
        Assert.Equal(editor, stored.UpdatedById);
    }

    [SkippableFact]
    public async Task Rows_written_without_an_acting_member_carry_no_member_stamps()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var contact = TestContacts.Person("Mustermann");
        database.Clock.Now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

        await database.AddAsync(workspaceId, contact);

        var stored = await LoadAsync(workspaceId, contact.Id);
        Assert.Null(stored.CreatedById);
        Assert.Null(stored.UpdatedById);
        Assert.Equal(database.Clock.Now, stored.CreatedAt);
    }

    [SkippableFact]
    public async Task Reading_a_row_changes_no_stamps()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var contact = TestContacts.Person("Mustermann");
        var created = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        database.Clock.Now = created;
        await database.AddAsync(workspaceId, contact);

        database.Clock.Now = created.AddDays(1);
        await using (var scope = database.Open(workspaceId, Guid.CreateVersion7()))
        {
            await scope.Db.Contacts.Include(c => c.Tags).SingleAsync(c => c.Id == contact.Id);
            Assert.Equal(0, await scope.Db.SaveChangesAsync());
        }

        var stored = await LoadAsync(workspaceId, contact.Id);
        Assert.Equal(created, stored.UpdatedAt);
        Assert.Null(stored.UpdatedById);
    }

    private async Task<Contact> LoadAsync(Guid workspaceId, Guid contactId)
    {
        await using var scope = database.Open(workspaceId);
        return await scope.Db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contactId);
    }
}

public sealed class SqliteAuditStampTests(SqliteDatabase database)
    : AuditStampTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlAuditStampTests(PostgreSqlDatabase database)
    : AuditStampTests(database), IClassFixture<PostgreSqlDatabase>;
