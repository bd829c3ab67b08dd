namespace ContactBox.Infrastructure.Operations;

/// <summary>
/// The files of background operations under the shared data folder: <c>{data}/operations/{workspace}/{id}.csv</c>
/// (an uploaded import file, kept for the job and for runs from it later) and <c>{id}.errors.csv</c> (an import's
/// error report). Several instances share the data folder, as they do for export files, so a job may run on any of them.
/// </summary>
public sealed class OperationFiles(string root)
{
    private const string ErrorReportSuffix = ".errors.csv";

    public string Root => root;

    public string SourcePath(Guid workspaceId, Guid operationId) => PathOf(workspaceId, operationId, ".csv");

    public string ErrorReportPath(Guid workspaceId, Guid operationId) => PathOf(workspaceId, operationId, ErrorReportSuffix);

    /// <summary>Copies a staged file into the folder (fsynced), so a job started after a restart or on another instance finds it.</summary>
    public async Task KeepAsync(string stagedPath, Guid workspaceId, Guid operationId, CancellationToken cancellationToken)
    {
        var target = SourcePath(workspaceId, operationId);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        await using (var source = new FileStream(stagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan))
        await using (var copy = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await source.CopyToAsync(copy, cancellationToken);
            copy.Flush(flushToDisk: true);
        }

        File.Move(partial, target, overwrite: true);
    }

    public Stream? OpenSource(Guid workspaceId, Guid operationId) => OpenRead(SourcePath(workspaceId, operationId));

    public Stream? OpenErrorReport(Guid workspaceId, Guid operationId) => OpenRead(ErrorReportPath(workspaceId, operationId));

    public async Task WriteErrorReportAsync(Guid workspaceId, Guid operationId, string csv, CancellationToken cancellationToken)
    {
        var path = ErrorReportPath(workspaceId, operationId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, csv, new System.Text.UTF8Encoding(false), cancellationToken);
    }

    public void DeleteSource(Guid workspaceId, Guid operationId) => File.Delete(SourcePath(workspaceId, operationId));

    public DateTimeOffset ErrorReportWrittenAt(Guid workspaceId, Guid operationId) => File.GetLastWriteTimeUtc(ErrorReportPath(workspaceId, operationId));

    public void DeleteErrorReport(Guid workspaceId, Guid operationId) => File.Delete(ErrorReportPath(workspaceId, operationId));

    /// <summary>The error reports on disk, as (workspace, operation): few, since each is removed after its retention.</summary>
    public IEnumerable<(Guid WorkspaceId, Guid OperationId)> ErrorReports()
    {
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(root, "*" + ErrorReportSuffix, SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (Guid.TryParseExact(Path.GetFileName(Path.GetDirectoryName(path)), "N", out var workspaceId)
                && Guid.TryParseExact(name[..^ErrorReportSuffix.Length], "N", out var operationId))
            {
                yield return (workspaceId, operationId);
            }
        }
    }

    private static FileStream? OpenRead(string path) =>
        File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan) : null;

    private string PathOf(Guid workspaceId, Guid operationId, string suffix) =>
        Path.Combine(root, workspaceId.ToString("N"), operationId.ToString("N") + suffix);
}
