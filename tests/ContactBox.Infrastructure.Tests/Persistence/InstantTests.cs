using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Timeline;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Tests.Persistence;

/// <summary>
/// Instants given in different offsets compare and order by the moment they name. SQLite has no such type;
/// there they are stored as UTC ticks, which these tests hold to the same behaviour as PostgreSQL's timestamptz.
/// </summary>
public abstract class InstantTests(DatabaseFixture database)
{
    // Read as local clock times, the order would be late, middle, early: 05:00, 08:30, 10:00.
    private static readonly DateTimeOffset Early = new(2026, 5, 4, 10, 0, 0, TimeSpan.FromHours(2));   // 08:00 UTC
    private static readonly DateTimeOffset Middle = new(2026, 5, 4, 8, 30, 0, TimeSpan.Zero);          // 08:30 UTC
    private static readonly DateTimeOffset Late = new(2026, 5, 4, 5, 0, 0, TimeSpan.FromHours(-4));    // 09:00 UTC

    [SkippableFact]
    public async Task Timeline_entries_with_different_offsets_are_ordered_by_instant()
    {
        database.SkipUnlessAvailable();
        var (workspaceId, contactId) = await AddTimelineAsync();

        await using var scope = database.Open(workspaceId);
        var ascending = await scope.Db.TimelineEntries.Where(t => t.ContactId == contactId).OrderBy(t => t.OccurredAt).Select(t => t.Subject).ToListAsync();
        var descending = await scope.Db.TimelineEntries.Where(t => t.ContactId == contactId).OrderByDescending(t => t.OccurredAt).Select(t => t.Subject).ToListAsync();

        Assert.Equal(["early", "middle", "late"], ascending);
        Assert.Equal(["late", "middle", "early"], descending);
    }

    [SkippableFact]
    public async Task Comparisons_with_an_instant_in_another_offset_return_the_right_rows()
    {
        database.SkipUnlessAvailable();
        var (workspaceId, contactId) = await AddTimelineAsync();
        var quarterPastEightUtc = new DateTimeOffset(2026, 5, 4, 10, 15, 0, TimeSpan.FromHours(2));
        var halfPastEightUtc = new DateTimeOffset(2026, 5, 4, 11, 30, 0, TimeSpan.FromHours(3));

        await using var scope = database.Open(workspaceId);
        var entries = scope.Db.TimelineEntries.Where(t => t.ContactId == contactId);

        Assert.Equal(["middle", "late"], await entries.Where(t => t.OccurredAt > quarterPastEightUtc).OrderBy(t => t.OccurredAt).Select(t => t.Subject).ToListAsync());
        Assert.Equal(["early"], await entries.Where(t => t.OccurredAt < quarterPastEightUtc).Select(t => t.Subject).ToListAsync());
        Assert.Equal(["late"], await entries.Where(t => t.OccurredAt > halfPastEightUtc).Select(t => t.Subject).ToListAsync());
        Assert.Equal(["middle", "late"], await entries.Where(t => t.OccurredAt >= halfPastEightUtc).OrderBy(t => t.OccurredAt).Select(t => t.Subject).ToListAsync());
        Assert.Equal(["middle"], await entries.Where(t => t.OccurredAt == halfPastEightUtc).Select(t => t.Subject).ToListAsync());
    }

    [SkippableFact]
    public async Task An_instant_reads_back_as_the_same_moment_in_utc()
    {
        database.SkipUnlessAvailable();
        var (workspaceId, contactId) = await AddTimelineAsync();

        await using var scope = database.Open(workspaceId);
        var stored = await scope.Db.TimelineEntries.AsNoTracking().SingleAsync(t => t.ContactId == contactId && t.Subject == "late");

        Assert.Equal(new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.Zero), stored.OccurredAt);
        Assert.Equal(TimeSpan.Zero, stored.OccurredAt.Offset);
    }

    [SkippableFact]
    public async Task Follow_ups_are_found_by_due_and_completion_instants_given_in_another_offset()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var contact = TestContacts.Person("Mustermann");
        var due = new FollowUp(contact.Id, null, Early, "due", null);
        var notYet = new FollowUp(contact.Id, null, Late, "not yet", null);
        var done = new FollowUp(contact.Id, null, Early, "done", null);
        done.Complete(Middle);
        await database.AddAsync(workspaceId, contact, due, notYet, done);
        var now = new DateTimeOffset(2026, 5, 4, 4, 45, 0, TimeSpan.FromHours(-4)); // 08:45 UTC

        await using var scope = database.Open(workspaceId);
        var open = await scope.Db.FollowUps.Where(f => f.CompletedAt == null && f.DueAt <= now).Select(f => f.Subject).ToListAsync();
        var completedBefore = await scope.Db.FollowUps.Where(f => f.CompletedAt < now).Select(f => f.Subject).ToListAsync();

        Assert.Equal(["due"], open);
        Assert.Equal(["done"], completedBefore);
    }

    private async Task<(Guid WorkspaceId, Guid ContactId)> AddTimelineAsync()
    {
        var workspaceId = await database.CreateWorkspaceAsync();
        var contact = TestContacts.Person("Mustermann");
        await database.AddAsync(
            workspaceId,
            contact,
            new TimelineEntry(contact.Id, TimelineEntryKind.Note, null, "late", null, Late, null),
            new TimelineEntry(contact.Id, TimelineEntryKind.Note, null, "early", null, Early, null),
            new TimelineEntry(contact.Id, TimelineEntryKind.Note, null, "middle", null, Middle, null));
        return (workspaceId, contact.Id);
    }
}

public sealed class SqliteInstantTests(SqliteDatabase database)
    : InstantTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlInstantTests(PostgreSqlDatabase database)
    : InstantTests(database), IClassFixture<PostgreSqlDatabase>;
