using ContactBox.Domain.Common;

namespace ContactBox.Domain.Privacy;

/// <summary>What a privacy-relevant act did; stored by name.</summary>
public enum AuditAction
{
    PurposeCreated,
    PurposeChanged,
    PurposeArchived,
    PurposeRestored,
    PurposeDeleted,
    MeasureCreated,
    MeasureChanged,
    MeasureDeleted,
    SourceTypeCreated,
    SourceTypeChanged,
    SourceTypeArchived,
    SettingsChanged,
    ContactSourceSet,
    PurposeAssigned,
    ConsentWithdrawn,
    ProcessingRestricted,
    RestrictionLifted,
    ObjectionRecorded,
    ObjectionWithdrawn,
    DataSubjectReportProduced,
    ContactErased,
    RetentionReviewFlagged,
    ContactsExported,
    ContactsImported,
    CustomFieldCreated,
    CustomFieldChanged,
    CustomFieldArchived,
    CustomFieldRestored,
    CustomFieldOptionAdded,
    CustomFieldOptionChanged,
    CustomFieldOptionArchived,
    CustomFieldOptionRestored,
}

/// <summary>Who acted: a team member, an OAuth client, or ContactBox itself (a job).</summary>
public enum AuditActorKind
{
    Member,
    Client,
    System,
}

/// <summary>
/// One link of a workspace's append-only audit chain. <see cref="Hash"/> is SHA-256 over a canonical form of
/// every other field including <see cref="PreviousHash"/>, so a change, insertion or removal anywhere breaks the
/// chain from that record on. Details hold identifiers, enums and instants only, never free text about a person:
/// the chain cannot be edited, so it must not hold what an erasure has to remove.
/// </summary>
public sealed class AuditRecord : Entity, IWorkspaceOwned
{
    private AuditRecord() { }

    public AuditRecord(Guid workspaceId, long sequence, DateTimeOffset occurredAt, AuditActorKind actorKind, string? actorId,
        AuditAction action, string? subjectType, Guid? subjectId, string details, string previousHash)
    {
        WorkspaceId = workspaceId;
        Sequence = sequence;
        OccurredAt = occurredAt;
        ActorKind = actorKind;
        ActorId = actorId;
        Action = action;
        SubjectType = subjectType;
        SubjectId = subjectId;
        Details = details;
        PreviousHash = previousHash;
    }

    public Guid WorkspaceId { get; private set; }

    /// <summary>1, 2, 3 … per workspace, without gaps.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }
    public AuditActorKind ActorKind { get; private set; }

    /// <summary>The member's ID or the client's client_id; null for the system.</summary>
    public string? ActorId { get; private set; }

    public AuditAction Action { get; private set; }

    /// <summary>The kind of object acted on (Contact, ProcessingPurpose, …).</summary>
    public string? SubjectType { get; private set; }

    public Guid? SubjectId { get; private set; }

    /// <summary>Canonical JSON with identifiers, enums and instants of the act.</summary>
    [NotQueryable]
    public string Details { get; private set; } = null!;

    [NotQueryable]
    public string PreviousHash { get; private set; } = null!;

    [NotQueryable]
    public string Hash { get; private set; } = null!;

    public void Seal(string hash) => Hash = Hash is null ? hash : throw new InvalidOperationException("An audit record is sealed once.");
}

/// <summary>The head of a workspace's audit chain: the last sequence and hash. Writers lock this row, so the chain stays one line.</summary>
public sealed class AuditChainHead : IWorkspaceOwned
{
    private AuditChainHead() { }

    public AuditChainHead(Guid workspaceId)
    {
        WorkspaceId = workspaceId;
        LastHash = AuditChain.GenesisHash;
    }

    public Guid WorkspaceId { get; private set; }
    public long Sequence { get; private set; }
    public string LastHash { get; private set; } = null!;
}

public static class AuditChain
{
    /// <summary>The "previous hash" of a workspace's first record.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
}
