using ContactBox.Api.Attachments;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Infrastructure.Tenancy;
using ContactBox.Infrastructure.Attachments;
using GraphQL;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Export;

public sealed record ExportFileDownload(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Download URLs for export files, signed like attachment URLs (the same key and token: export, workspace, requester,
/// expiry). Export and attachment IDs never coincide, so a token for one cannot open the other.
/// </summary>
public sealed class ExportUrls(AttachmentUrls signer, IOptions<AttachmentOptions> options, TimeProvider clock)
{
    public const string ContentRoute = "/exports/{id}/content";

    public ExportFileDownload Create(IResolveFieldContext context, Guid exportId)
    {
        var requester = context.User?.GetClaim(OpenIddictConstants.Claims.Subject) ?? string.Empty;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + options.Value.DownloadUrlLifetime).ToUnixTimeSeconds());
        var token = signer.Sign(exportId, context.RequestServices!.GetRequiredService<CurrentWorkspace>().Id, requester, expiresAt);
        return new ExportFileDownload($"/exports/{GlobalId.Format("ContactExport", exportId)}/content?token={token}", expiresAt);
    }

    public DownloadGrant? Validate(string token, Guid exportId) => signer.Validate(token, exportId);
}
