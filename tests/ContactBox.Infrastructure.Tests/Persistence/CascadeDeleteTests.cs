using ContactBox.Domain.Appointments;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Timeline;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Tests.Persistence;

public abstract class CascadeDeleteTests(DatabaseFixture database)
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Deleting_a_contact_deletes_its_tags_timeline_follow_ups_and_participations()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var leaving = TestContacts.Person("Mustermann", "VIP", "Presse");
        var staying = TestContacts.Person("Musterfrau", "VIP");
        var meeting = new Appointment(
            new AppointmentSchedule("Jahresgespräch", null, null, Monday, Monday.AddHours(1), "Europe/Berlin", false),
            organizerId: null,
            [leaving.Id, staying.Id]);
        await database.AddAsync(
            workspaceId,
            leaving,
            staying,
            meeting,
            Note(leaving.Id, "Erstgespräch"),
            Note(leaving.Id, "Angebot"),
            Note(staying.Id, "Erstgespräch"),
            new FollowUp(leaving.Id, null, Monday.AddDays(7), "Nachfassen", null),
            new FollowUp(staying.Id, null, Monday.AddDays(7), "Nachfassen", null));

        // As the API deletes: the contact alone is loaded, the database removes what hangs on it.
        await using (var scope = database.Open(workspaceId))
        {
            scope.Db.Contacts.Remove(await scope.Db.Contacts.SingleAsync(c => c.Id == leaving.Id));
            await scope.Db.SaveChangesAsync();
        }

        await using var check = database.Open(workspaceId);
        var db = check.Db;
        Assert.Equal([staying.Id], await db.Contacts.Select(c => c.Id).ToListAsync());
        Assert.Equal([staying.Id], await db.ContactTags.IgnoreQueryFilters().Where(t => t.ContactId == leaving.Id || t.ContactId == staying.Id).Select(t => t.ContactId).ToListAsync());
        Assert.Equal([staying.Id], await db.TimelineEntries.IgnoreQueryFilters().Where(t => t.ContactId == leaving.Id || t.ContactId == staying.Id).Select(t => t.ContactId).ToListAsync());
        Assert.Equal([staying.Id], await db.FollowUps.IgnoreQueryFilters().Where(f => f.ContactId == leaving.Id || f.ContactId == staying.Id).Select(f => f.ContactId).ToListAsync());
        Assert.Equal([staying.Id], await db.AppointmentParticipants.IgnoreQueryFilters().Where(p => p.AppointmentId == meeting.Id).Select(p => p.ContactId).ToListAsync());
        Assert.Equal([meeting.Id], await db.Appointments.Select(a => a.Id).ToListAsync());
    }

    [SkippableFact]
    public async Task Deleting_a_contact_with_its_tags_loaded_deletes_them_too()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var contact = TestContacts.Person("Mustermann", "VIP", "Presse");
        await database.AddAsync(workspaceId, contact, Note(contact.Id, "Erstgespräch"));

        await using (var scope = database.Open(workspaceId))
        {
            scope.Db.Contacts.Remove(await scope.Db.Contacts.Include(c => c.Tags).SingleAsync(c => c.Id == contact.Id));
            await scope.Db.SaveChangesAsync();
        }

        await using var check = database.Open(workspaceId);
        Assert.Equal(0, await check.Db.ContactTags.IgnoreQueryFilters().CountAsync(t => t.ContactId == contact.Id));
        Assert.Equal(0, await check.Db.TimelineEntries.IgnoreQueryFilters().CountAsync(t => t.ContactId == contact.Id));
        Assert.Equal(0, await check.Db.Contacts.IgnoreQueryFilters().CountAsync(c => c.Id == contact.Id));
    }

    private static TimelineEntry Note(Guid contactId, string subject) =>
        new(contactId, TimelineEntryKind.Note, null, subject, null, Monday, null);
}

public sealed class SqliteCascadeDeleteTests(SqliteDatabase database)
    : CascadeDeleteTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlCascadeDeleteTests(PostgreSqlDatabase database)
    : CascadeDeleteTests(database), IClassFixture<PostgreSqlDatabase>;
