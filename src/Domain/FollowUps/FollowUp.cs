using ContactBox.Domain.Common;

namespace ContactBox.Domain.FollowUps;

/// <summary>A dated reminder on a contact (Wiedervorlage), assigned to a team member.</summary>
public sealed class FollowUp : WorkspaceEntity
{
    private FollowUp() { }

    public FollowUp(Guid contactId, Guid? assigneeId, DateTimeOffset dueAt, string subject, string? note)
    {
        ContactId = contactId;
        Change(assigneeId, dueAt, subject, note);
    }

    public Guid ContactId { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public string Subject { get; private set; } = null!;
    public string? Note { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public bool IsCompleted => CompletedAt is not null;

    public void Change(Guid? assigneeId, DateTimeOffset dueAt, string subject, string? note)
    {
        AssigneeId = assigneeId;
        DueAt = Guard.Utc(dueAt);
        Subject = Guard.Required(subject, "subject", Limits.Subject);
        Note = Guard.Optional(note, "note", Limits.Body);
    }

    public void Complete(DateTimeOffset now)
    {
        if (CompletedAt is not null)
        {
            throw new DomainValidationException("id", "The follow-up is already completed.");
        }

        CompletedAt = Guard.Utc(now);
    }

    public void Reopen()
    {
        if (CompletedAt is null)
        {
            throw new DomainValidationException("id", "The follow-up is still open.");
        }

        CompletedAt = null;
    }
}
