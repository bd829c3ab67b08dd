using System.Text.Json;
using System.Text.Json.Serialization;
using ContactBox.Infrastructure.Import;

namespace ContactBox.Infrastructure.Operations;

/// <summary>
/// The files of background operations under the shared data folder: <c>{data}/operations/{workspace}/{id}.csv</c>
/// (an uploaded import file, kept for the job and for runs from it later, with <c>{id}.facts.json</c>: its hash,
/// encoding and CSV record count) and <c>{id}.errors.csv</c> (an import's error report). Several instances share the
/// data folder, as they do for export files, so a job may run on any of them.
/// </summary>
public sealed class OperationFiles(string root)
{
    private const string ErrorReportSuffix = ".errors.csv";

    private static readonly JsonSerializerOptions FactsJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string Root => root;

    public string SourcePath(Guid workspaceId, Guid operationId) => PathOf(workspaceId, operationId, ".csv");

    public string ErrorReportPath(Guid workspaceId, Guid operationId) => PathOf(workspaceId, operationId, ErrorReportSuffix);

    public string FactsPath(Guid workspaceId, Guid operationId) => PathOf(workspaceId, operationId, ".facts.json");

    /// <summary>
    /// Copies a staged file into the folder (fsynced), so a job started after a restart or on another instance finds
    /// it, with what staging found beside it (<c>{id}.facts.json</c>), so a run from it later needs not read it for that.
    /// </summary>
    public async Task KeepAsync(ImportFile staged, Guid workspaceId, Guid operationId, CancellationToken cancellationToken)
    {
        var target = SourcePath(workspaceId, operationId);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllTextAsync(FactsPath(workspaceId, operationId), JsonSerializer.Serialize(staged.Facts, FactsJson), cancellationToken);
        var partial = target + ".partial";
        await using (var source = new FileStream(staged.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan))
        await using (var copy = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await source.CopyToAsync(copy, cancellationToken);
            copy.Flush(flushToDisk: true);
        }

        File.Move(partial, target, overwrite: true);
    }

    /// <summary>The kept file, from the facts saved beside it; read once for them when there are none (kept by an earlier version).</summary>
    public async Task<ImportFile> OpenKeptAsync(Guid workspaceId, Guid operationId, CancellationToken cancellationToken)
    {
        var path = SourcePath(workspaceId, operationId);
        var facts = FactsPath(workspaceId, operationId);
        return File.Exists(facts)
            ? ImportFile.Kept(path, JsonSerializer.Deserialize<ImportFileFacts>(await File.ReadAllTextAsync(facts, cancellationToken), FactsJson)!)
            : await ImportFile.InspectAsync(path, cancellationToken);
    }

    public Stream? OpenErrorReport(Guid workspaceId, Guid operationId) => OpenRead(ErrorReportPath(workspaceId, operationId));

    public async Task WriteErrorReportAsync(Guid workspaceId, Guid operationId, string csv, CancellationToken cancellationToken)
    {
        var path = ErrorReportPath(workspaceId, operationId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, csv, new System.Text.UTF8Encoding(false), cancellationToken);
    }

    public void DeleteSource(Guid workspaceId, Guid operationId)
    {
        File.Delete(SourcePath(workspaceId, operationId));
        File.Delete(FactsPath(workspaceId, operationId));
    }

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
