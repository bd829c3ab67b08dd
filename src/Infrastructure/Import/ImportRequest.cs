using ContactBox.Domain.Import;
using ContactBox.Domain.Privacy;

namespace ContactBox.Infrastructure.Import;

/// <summary>The encodings an import file can have; null detects (UTF-8 with or without BOM, else Windows-1252).</summary>
public enum ImportEncoding
{
    Utf8,
    Windows1252,
}

/// <summary>How to read and apply one import file. Null settings are detected from the file.</summary>
public sealed record ImportRequest<TField>
    where TField : struct, Enum
{
    public string? FileName { get; init; }
    public IReadOnlyList<ColumnMapping<TField>>? Mapping { get; init; }
    public char? Separator { get; init; }
    public ImportEncoding? Encoding { get; init; }
    public bool? HasHeader { get; init; }
    /// <summary>Contacts only: what a row whose duplicate key an existing contact (or an earlier row) has does.</summary>
    public DuplicatePolicy Duplicates { get; init; } = DuplicatePolicy.Skip;

    /// <summary>Contacts only: what makes a row a duplicate (the e-mail address by default).</summary>
    public DuplicateKey DuplicateKey { get; init; } = DuplicateKey.Email;
    public RowPolicy RowPolicy { get; init; } = RowPolicy.AllOrNothing;
    public bool DryRun { get; init; }

    /// <summary>Contacts only: the processing purpose every new contact is assigned to, with its legal basis (null: the purpose's).</summary>
    public (ProcessingPurpose Purpose, LegalBasis? LegalBasis)? Purpose { get; init; }

    /// <summary>Contacts only: columns mapped to custom fields; null suggests them from headers equal to a field's key or label.</summary>
    public IReadOnlyList<CustomFieldColumn>? CustomFields { get; init; }

    /// <summary>Contacts only: columns combined into one pick-list field each.</summary>
    public IReadOnlyList<PickListColumns> PickLists { get; init; } = [];
}

/// <summary>
/// The outcome of an import. <see cref="Rows"/> = Created + Updated + Skipped + Rejected, always; when
/// <see cref="Committed"/> is false (a dry run, or an all-or-nothing import with rejected rows) the counts say what
/// the import would have done and nothing was written.
/// </summary>
public sealed record ImportResult<TField>(
    bool DryRun,
    bool Committed,
    long Rows,
    long Created,
    long Updated,
    long Skipped,
    long Rejected,
    char Separator,
    ImportEncoding Encoding,
    bool HasHeader,
    IReadOnlyList<string> Headers,
    IReadOnlyList<ColumnMapping<TField>> Mapping,
    IReadOnlyList<ImportProblem> Problems,
    string Sha256)
    where TField : struct, Enum
{
    /// <summary>Contacts only: the columns that filled custom fields.</summary>
    public IReadOnlyList<CustomFieldColumn> CustomFieldMapping { get; init; } = [];

    /// <summary>Contacts only: pick-list fields the import created (by key).</summary>
    public IReadOnlyList<string> CreatedCustomFields { get; init; } = [];

    /// <summary>Contacts only: options the import added to pick lists (a dry run: would add).</summary>
    public IReadOnlyList<CreatedPickListOption> CreatedOptions { get; init; } = [];

    /// <summary>The complete error report as RFC 4180 CSV: line, column, reason for every rejected row.</summary>
    public string ErrorReportCsv() => ImportErrorReport.ToCsv(Problems);
}
