using ContactBox.Api.Attachments;
using ContactBox.Api.GraphQL.Relay;
using GraphQL;

namespace ContactBox.Api.Export;

public sealed record ExportFileDownload(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Download URLs for export files, signed like attachment URLs (the same key and token: export, workspace, requester,
/// expiry). Export and attachment IDs never coincide, so a token for one cannot open the other.
/// </summary>
public sealed class ExportUrls(AttachmentUrls signer)
{
    public const string ContentRoute = "/exports/{id}/content";

    public ExportFileDownload Create(IResolveFieldContext context, Guid exportId)
    {
        var (url, expiresAt) = signer.SignedUrl(context, exportId, $"/exports/{GlobalId.Format("ContactExport", exportId)}/content");
        return new ExportFileDownload(url, expiresAt);
    }
}
