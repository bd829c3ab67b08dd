namespace ContactBox.Infrastructure.Operations;

/// <summary><c>ContactBox:Operations</c>: when exports and imports run on the job scheduler instead of inside the request.</summary>
public sealed class OperationOptions
{
    public const string Section = "ContactBox:Operations";

    /// <summary>Exports of more contacts than this run as a background operation.</summary>
    public int ExportInlineMaxContacts { get; set; } = 10_000;

    /// <summary>Import files larger than this run as a background operation.</summary>
    public long ImportInlineMaxBytes { get; set; } = 1024 * 1024;

    /// <summary>How long an uploaded import file can be used again (importContacts(input: {fileId})).</summary>
    public TimeSpan FileLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an import's error report can be downloaded after the import finished; then the hourly sweep removes
    /// the file (its rows can quote personal data) and a download answers 410 Gone.
    /// </summary>
    public TimeSpan ErrorReportRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>When the error report of an operation finished at <paramref name="finishedAt"/> is removed.</summary>
    public DateTimeOffset? ErrorReportExpiresAt(DateTimeOffset? finishedAt) => finishedAt + ErrorReportRetention;

    /// <summary>How often a running operation publishes its progress (and persists it, and looks for a cancellation).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
