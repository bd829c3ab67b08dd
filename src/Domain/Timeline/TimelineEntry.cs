using ContactBox.Domain.Common;

namespace ContactBox.Domain.Timeline;

public enum TimelineEntryKind
{
    Note,
    Call,
    Email,
    Meeting,
    Letter,
    /// <summary>Written by ContactBox itself (imports, erasure receipts, …); not editable by members.</summary>
    System,
}

public enum Direction
{
    Inbound,
    Outbound,
}

/// <summary>One item of a contact's conversation history (Verlauf).</summary>
public sealed class TimelineEntry : WorkspaceEntity
{
    private TimelineEntry() { }

    public TimelineEntry(Guid contactId, TimelineEntryKind kind, Direction? direction, string? subject, string? body, DateTimeOffset occurredAt, Guid? authorId)
    {
        ContactId = contactId;
        AuthorId = authorId;
        Apply(kind, direction, subject, body, occurredAt);
    }

    public Guid ContactId { get; private set; }
    public TimelineEntryKind Kind { get; private set; }
    public Direction? Direction { get; private set; }
    public string? Subject { get; private set; }
    public string? Body { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public Guid? AuthorId { get; private set; }

    public void Update(TimelineEntryKind kind, Direction? direction, string? subject, string? body, DateTimeOffset occurredAt)
    {
        if (Kind == TimelineEntryKind.System)
        {
            throw new DomainValidationException("id", "System entries cannot be changed.");
        }

        Apply(kind, direction, subject, body, occurredAt);
    }

    private void Apply(TimelineEntryKind kind, Direction? direction, string? subject, string? body, DateTimeOffset occurredAt)
    {
        Kind = kind;
        Direction = direction;
        Subject = Guard.Optional(subject, "subject", Limits.Subject);
        Body = Guard.Optional(body, "body", Limits.Body);
        OccurredAt = Guard.Utc(occurredAt);
        if (Subject is null && Body is null)
        {
            throw new DomainValidationException("subject", "A timeline entry needs a subject or a body.");
        }

        if (direction is not null && kind is TimelineEntryKind.Note or TimelineEntryKind.System)
        {
            throw new DomainValidationException("direction", $"A {kind.ToString().ToLowerInvariant()} has no direction.");
        }
    }
}
