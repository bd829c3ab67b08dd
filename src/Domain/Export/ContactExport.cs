using ContactBox.Domain.Common;

namespace ContactBox.Domain.Export;

/// <summary>
/// The record of one export: who, for which purpose, in which shape, how many contacts, and the file's SHA-256.
/// Written in the transaction that writes the audit entry; afterwards only <see cref="FileRemovedAt"/> is set, when
/// the file is removed after the retention period (the record stays).
/// </summary>
public sealed class ContactExport : WorkspaceEntity
{
    public const int MaxNote = 1000;

    private ContactExport() { }

    public ContactExport(Guid id, Guid purposeId, string? note, ExportPreset preset, IReadOnlyList<ExportField> fields, string actorKind, string? actorId,
        string? clientId, int contactCount, int excludedCount, long sizeBytes, string sha256)
    {
        Id = id;
        PurposeId = purposeId;
        Note = Guard.Optional(note, "note", MaxNote);
        Preset = preset;
        Fields = [.. fields];
        ActorKind = actorKind;
        ActorId = actorId;
        ClientId = clientId;
        ContactCount = contactCount;
        ExcludedCount = excludedCount;
        SizeBytes = sizeBytes;
        Sha256 = sha256;
    }

    public Guid PurposeId { get; private set; }
    public string? Note { get; private set; }
    public ExportPreset Preset { get; private set; }

    [NotQueryable]
    public List<ExportField> Fields { get; private set; } = [];

    /// <summary>Member, Client or System, as in the audit log.</summary>
    public string ActorKind { get; private set; } = null!;

    public string? ActorId { get; private set; }

    /// <summary>The OAuth client (client_id) whose token made the export, also when a member signed in through it.</summary>
    public string? ClientId { get; private set; }

    public int ContactCount { get; private set; }
    public int ExcludedCount { get; private set; }
    public long SizeBytes { get; private set; }
    public string Sha256 { get; private set; } = null!;

    /// <summary>When the file was removed after the retention period; downloads answer 410 Gone from then on.</summary>
    public DateTimeOffset? FileRemovedAt { get; private set; }

    public string FileName => $"export-{CreatedAt:yyyyMMdd-HHmmss}-{Preset.ToString().ToLowerInvariant()}.csv";
}

/// <summary>A contact included in an export: the "recipients" of the access report and the Art. 30 record.</summary>
public sealed class ExportedContact : IWorkspaceOwned
{
    private ExportedContact() { }

    /// <summary>Written in bulk, past the change tracker: the workspace is set here, not by the data layer's stamp.</summary>
    public ExportedContact(Guid workspaceId, Guid exportId, Guid contactId)
    {
        WorkspaceId = workspaceId;
        ExportId = exportId;
        ContactId = contactId;
    }

    public Guid WorkspaceId { get; private set; }
    public Guid ExportId { get; private set; }
    public Guid ContactId { get; private set; }
}

/// <summary>One download of an export file, by whom.</summary>
public sealed class ExportDownload : WorkspaceEntity
{
    private ExportDownload() { }

    public ExportDownload(Guid exportId, string? requester)
    {
        ExportId = exportId;
        Requester = requester;
    }

    public Guid ExportId { get; private set; }
    public string? Requester { get; private set; }
}
