using ContactBox.Domain.Common;

namespace ContactBox.Domain.Operations;

public enum OperationKind
{
    Export,
    ImportContacts,
    ImportTimeline,
}

public enum OperationStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// A long-running operation (an export or an import) that runs on the job scheduler, or at once when small: who
/// asked for it, how far it got, and how it ended. The requester (and the workspace's admins) may read and cancel it.
/// </summary>
public sealed class BackgroundOperation : WorkspaceEntity
{
    public const int MaxError = 2000;
    public const int MaxFileName = 255;

    private BackgroundOperation() { }

    public BackgroundOperation(Guid id, OperationKind kind, string actorKind, string? actorId, string requester, Guid? memberId, string input)
    {
        Id = id;
        Kind = kind;
        ActorKind = actorKind;
        ActorId = actorId;
        Requester = requester;
        MemberId = memberId;
        Input = input;
        Status = OperationStatus.Queued;
    }

    public OperationKind Kind { get; private set; }
    public OperationStatus Status { get; private set; }

    /// <summary>Member, Client or System, as in the audit log.</summary>
    public string ActorKind { get; private set; } = null!;

    /// <summary>The member's ID or the OAuth client's client_id.</summary>
    public string? ActorId { get; private set; }

    /// <summary>The token subject that asked for it: download URLs and events are for this requester.</summary>
    [NotQueryable]
    public string Requester { get; private set; } = null!;

    /// <summary>The member who asked, when a member did (the stamp of what the job writes).</summary>
    public Guid? MemberId { get; private set; }

    /// <summary>Rows (or contacts) done so far.</summary>
    public long Processed { get; private set; }

    /// <summary>Contacts in all for an export (the selection); an import's data rows, counted before it starts (null when its file's quoting is broken).</summary>
    public long? Total { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>What to do, as JSON (the mutation's input, ready for the job).</summary>
    [NotQueryable]
    public string Input { get; private set; } = null!;

    /// <summary>The outcome as JSON once it succeeded.</summary>
    [NotQueryable]
    public string? Result { get; private set; }

    /// <summary>The object the operation produced (the export record).</summary>
    public Guid? ResultId { get; private set; }

    public string? Error { get; private set; }
    public bool CancelRequested { get; private set; }

    /// <summary>The operation whose staged import file this one reads (itself when the file came with it).</summary>
    public Guid? FileId { get; private set; }

    public string? FileName { get; private set; }
    public long? FileSizeBytes { get; private set; }

    /// <summary>Until when the staged import file may be used again (importContacts(input: {fileId})).</summary>
    public DateTimeOffset? FileExpiresAt { get; private set; }

    /// <summary>Rows the import rejected, listed in the downloadable error report.</summary>
    public long Rejected { get; private set; }

    public bool IsFinished => Status is OperationStatus.Succeeded or OperationStatus.Failed or OperationStatus.Cancelled;

    public void UseFile(Guid fileId, string? fileName, long sizeBytes, DateTimeOffset expiresAt)
    {
        FileId = fileId;
        FileName = Guard.Optional(fileName, "fileName", MaxFileName);
        FileSizeBytes = sizeBytes;
        FileExpiresAt = expiresAt;
    }

    public void Expect(long total) => Total = total;

    /// <summary>A run done inside the request: it started and succeeded at once.</summary>
    public void Completed(DateTimeOffset now, string result, Guid? resultId, long processed, long rejected)
    {
        Status = OperationStatus.Succeeded;
        StartedAt ??= now;
        FinishedAt = now;
        Result = result;
        ResultId = resultId;
        Processed = processed;
        Rejected = rejected;
    }
}
