using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Attachments;

/// <summary>
/// <c>GET /attachments/{id}/content</c>: the file, with a signed URL's <c>token</c> or with a bearer token (scope
/// <c>attachments</c>). Range requests are answered (206); the file always comes as a download
/// (<c>Content-Disposition: attachment</c> with the original name, encoded per RFC 6266), never rendered by the
/// browser on our origin. Another workspace's attachment is not found.
/// </summary>
public static class AttachmentEndpoints
{
    public static void Map(WebApplication app) =>
        app.MapMethods(AttachmentUrls.ContentRoute, [HttpMethods.Get, HttpMethods.Head], DownloadAsync);

    private static async Task<IResult> DownloadAsync(HttpContext context, string id, string? token, AttachmentUrls urls, CurrentWorkspace workspace, ContactBoxDbContext db, IAttachmentStore store)
    {
        if (!GlobalId.TryParse(id, out var typeName, out var attachmentId) || typeName != "Attachment")
        {
            return NotFound();
        }

        var check = urls.Check(context, token, attachmentId, workspace, NotFound());
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        if (!check.Signed && !context.User.HasScope(AuthScopes.Attachments))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"Downloading needs the scope '{AuthScopes.Attachments}'.");
        }

        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId, context.RequestAborted);
        if (attachment is null || await store.OpenReadAsync(attachment.WorkspaceId, attachment.Sha256, context.RequestAborted) is not { } content)
        {
            return NotFound();
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-store";
        return Results.File(content, attachment.ContentType, attachment.FileName, attachment.CreatedAt,
            new EntityTagHeaderValue($"\"{attachment.Sha256}\""), enableRangeProcessing: true);
    }

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such attachment.");
}
