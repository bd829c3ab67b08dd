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

/// <summary>
/// The contacts an export included, in one of <see cref="Buckets"/> rows per export: the contacts whose ID falls in
/// the bucket (<see cref="BucketOf"/>), as their sorted 16-byte IDs (big-endian, so byte order is <see cref="Guid"/>
/// order). An export of a million contacts writes 256 rows instead of a million; "which exports included contact X"
/// (the "recipients" of the access report and the Art. 30 record) reads one row per export and binary-searches it.
/// </summary>
public sealed class ExportedContactBucket : IWorkspaceOwned
{
    public const int Buckets = 256;

    private ExportedContactBucket() { }

    /// <summary>Written in bulk, past the change tracker: the workspace is set here, not by the data layer's stamp.</summary>
    public ExportedContactBucket(Guid workspaceId, Guid exportId, int bucket, IReadOnlyList<Guid> sortedContactIds)
    {
        WorkspaceId = workspaceId;
        ExportId = exportId;
        Bucket = bucket;
        ContactIds = PackedIds.Pack(sortedContactIds);
    }

    public Guid WorkspaceId { get; private set; }
    public Guid ExportId { get; private set; }
    public int Bucket { get; private set; }

    /// <summary>The bucket's contact IDs, 16 bytes each (big-endian), ascending.</summary>
    public byte[] ContactIds { get; private set; } = [];

    /// <summary>
    /// The last byte of the ID (big-endian): random in version 4 and 7 GUIDs, so the buckets fill evenly, and simple
    /// enough for SQL to compute (the migration that filled the buckets from the earlier one-row-per-contact table).
    /// </summary>
    public static int BucketOf(Guid contactId)
    {
        Span<byte> bytes = stackalloc byte[PackedIds.IdSize];
        PackedIds.Write(contactId, bytes);
        return bytes[PackedIds.IdSize - 1];
    }

    public bool Contains(Guid contactId) => PackedIds.IndexOfSorted(ContactIds, contactId) >= 0;

    /// <summary>The IDs without <paramref name="contactId"/> (an erasure), or null when it is not among them.</summary>
    public static byte[]? Without(byte[] contactIds, Guid contactId) =>
        PackedIds.IndexOfSorted(contactIds, contactId) is var index and >= 0 ? PackedIds.WithoutAt(contactIds, index) : null;

    public IEnumerable<Guid> ContactIdList() => PackedIds.Unpack(ContactIds);
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
