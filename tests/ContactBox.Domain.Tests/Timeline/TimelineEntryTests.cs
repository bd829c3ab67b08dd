using ContactBox.Domain.Common;
using ContactBox.Domain.Timeline;

namespace ContactBox.Domain.Tests.Timeline;

public sealed class TimelineEntryTests
{
    private static readonly Guid ContactId = Guid.CreateVersion7();
    private static readonly DateTimeOffset Berlin = new(2026, 3, 2, 14, 30, 0, TimeSpan.FromHours(1));

    [Fact]
    public void An_entry_needs_a_subject_or_a_body()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => new TimelineEntry(ContactId, TimelineEntryKind.Call, Direction.Outbound, " ", null, Berlin, null));

        Assert.Equal("subject", error.Field);
        Assert.Equal("A timeline entry needs a subject or a body.", error.Message);
    }

    [Theory]
    [InlineData("Rückruf", null)]
    [InlineData(null, "Frau Mustermann bittet um Rückruf.")]
    public void A_subject_or_a_body_alone_is_enough(string? subject, string? body)
    {
        var entry = new TimelineEntry(ContactId, TimelineEntryKind.Call, Direction.Inbound, subject, body, Berlin, null);

        Assert.Equal(subject, entry.Subject);
        Assert.Equal(body, entry.Body);
    }

    [Fact]
    public void A_note_has_no_direction()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => new TimelineEntry(ContactId, TimelineEntryKind.Note, Direction.Inbound, "Notiz", null, Berlin, null));

        Assert.Equal("direction", error.Field);
        Assert.Equal("A note has no direction.", error.Message);
    }

    [Fact]
    public void A_system_entry_has_no_direction()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => new TimelineEntry(ContactId, TimelineEntryKind.System, Direction.Outbound, "Import", null, Berlin, null));

        Assert.Equal("direction", error.Field);
        Assert.Equal("A system has no direction.", error.Message);
    }

    [Theory]
    [InlineData(TimelineEntryKind.Call)]
    [InlineData(TimelineEntryKind.Email)]
    [InlineData(TimelineEntryKind.Meeting)]
    [InlineData(TimelineEntryKind.Letter)]
    public void Conversations_may_have_a_direction(TimelineEntryKind kind)
    {
        var entry = new TimelineEntry(ContactId, kind, Direction.Outbound, "Angebot", null, Berlin, null);

        Assert.Equal(Direction.Outbound, entry.Direction);
    }

    [Fact]
    public void The_time_of_an_entry_is_kept_as_a_utc_instant()
    {
        var entry = new TimelineEntry(ContactId, TimelineEntryKind.Note, null, "Notiz", null, Berlin, null);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 13, 30, 0, TimeSpan.Zero), entry.OccurredAt);
        Assert.Equal(TimeSpan.Zero, entry.OccurredAt.Offset);
    }

    [Fact]
    public void An_entry_can_be_updated()
    {
        var entry = new TimelineEntry(ContactId, TimelineEntryKind.Note, null, "Notiz", null, Berlin, null);

        entry.Update(TimelineEntryKind.Call, Direction.Inbound, "Anruf", "Fragt nach dem Angebot.", Berlin.AddHours(1));

        Assert.Equal(TimelineEntryKind.Call, entry.Kind);
        Assert.Equal(Direction.Inbound, entry.Direction);
        Assert.Equal("Anruf", entry.Subject);
        Assert.Equal("Fragt nach dem Angebot.", entry.Body);
        Assert.Equal(Berlin.AddHours(1), entry.OccurredAt);
    }

    [Fact]
    public void A_system_entry_cannot_be_updated()
    {
        var entry = new TimelineEntry(ContactId, TimelineEntryKind.System, null, "Importiert aus CSV", null, Berlin, null);

        var error = Assert.Throws<DomainValidationException>(
            () => entry.Update(TimelineEntryKind.Note, null, "Geändert", null, Berlin));

        Assert.Equal("id", error.Field);
        Assert.Equal("System entries cannot be changed.", error.Message);
        Assert.Equal(TimelineEntryKind.System, entry.Kind);
        Assert.Equal("Importiert aus CSV", entry.Subject);
    }
}
