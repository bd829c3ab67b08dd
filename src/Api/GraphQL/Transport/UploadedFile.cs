namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// A file part of a multipart GraphQL request, as the value of an <c>Upload</c> variable. The bytes are not read
/// ahead: <see cref="OpenAsync"/> hands out the request body positioned at the part, so the resolver streams it
/// straight to where it goes.
/// </summary>
public interface IUploadedFile
{
    /// <summary>The map key naming the file part ("0", "1", …).</summary>
    string Name { get; }

    /// <summary>Opens the file's content; each upload can be read once.</summary>
    Task<OpenedUpload> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>The file's content with the name and content type its part declared (both client-given, untrusted).</summary>
public sealed record OpenedUpload(Stream Content, string? FileName, string? DeclaredContentType);
