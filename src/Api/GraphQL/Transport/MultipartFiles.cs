using GraphQL;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// The file parts of one multipart request, read in body order as resolvers open them. When a resolver asks for a
/// file that comes after one nobody has opened yet, the earlier one is set aside in a temporary file (not in
/// memory), so mutations may use the files in any order; in the usual order nothing is copied.
/// </summary>
internal sealed class MultipartFiles(MultipartReader reader) : IAsyncDisposable
{
    private readonly Dictionary<string, File> _files = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IUploadedFile Add(string name) => _files.TryGetValue(name, out var file) ? file : _files[name] = new File(this, name);

    public static string? NameOf(MultipartSection section) =>
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ? HeaderUtilities.RemoveQuotes(disposition.Name).Value : null;

    private async Task<OpenedUpload> OpenAsync(File wanted, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (wanted.SetAside is { } setAside)
            {
                wanted.SetAside = null;
                wanted.Opened = true;
                var stream = new FileStream(setAside.Path, FileMode.Open, FileAccess.Read, FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
                return new OpenedUpload(stream, setAside.FileName, setAside.ContentType);
            }

            if (wanted.Opened)
            {
                throw new ExecutionError($"The file part '{wanted.Name}' was already read; map each file to one variable.") { Code = ErrorCodes.InvalidRequest };
            }

            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (NameOf(section) is not { } name || !_files.TryGetValue(name, out var file) || file.Opened || file.SetAside is not null)
                {
                    continue; // not a mapped file: skipped
                }

                var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                if (file == wanted)
                {
                    file.Opened = true;
                    return new OpenedUpload(section.Body, fileName, section.ContentType);
                }

                var path = Path.Combine(Path.GetTempPath(), $"contactbox-upload-{Guid.NewGuid():N}");
                await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                {
                    await section.Body.CopyToAsync(target, cancellationToken);
                }

                file.SetAside = new SetAsideFile(path, fileName, section.ContentType);
            }

            throw new ExecutionError($"The request has no file part named '{wanted.Name}'.") { Code = ErrorCodes.InvalidRequest };
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var file in _files.Values)
        {
            if (file.SetAside is { } setAside)
            {
                System.IO.File.Delete(setAside.Path);
            }
        }

        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed record SetAsideFile(string Path, string? FileName, string? ContentType);

    private sealed class File(MultipartFiles owner, string name) : IUploadedFile
    {
        public string Name => name;
        public bool Opened { get; set; }
        public SetAsideFile? SetAside { get; set; }

        public Task<OpenedUpload> OpenAsync(CancellationToken cancellationToken) => owner.OpenAsync(this, cancellationToken);
    }
}
