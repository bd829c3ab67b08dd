namespace ContactBox.Infrastructure.Export;

/// <summary>Where export files live: <c>{data}/exports/{workspace}/{export}.csv</c>, readable only through a download.</summary>
public sealed class ExportFiles(string root)
{
    public string PathOf(Guid workspaceId, Guid exportId) => Path.Combine(root, workspaceId.ToString("N"), exportId.ToString("N") + ".csv");

    /// <summary>A new file with a large buffer: the exporter writes it row by row.</summary>
    public FileStream Create(Guid workspaceId, Guid exportId)
    {
        var path = PathOf(workspaceId, exportId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1024 * 1024);
    }

    public Stream? OpenRead(Guid workspaceId, Guid exportId)
    {
        var path = PathOf(workspaceId, exportId);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous) : null;
    }

    public void Delete(Guid workspaceId, Guid exportId) => File.Delete(PathOf(workspaceId, exportId));
}
