using ContactBox.Api.Attachments;
using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Export;

/// <summary>
/// <c>GET /exports/{id}/content</c>: the export file, with a signed URL's <c>token</c> (bound to workspace and
/// requester, expiring) or a bearer token with scope <c>export</c>. Every download is recorded.
/// </summary>
public static class ExportEndpoints
{
    public static void Map(WebApplication app) => app.MapGet(ExportUrls.ContentRoute, DownloadAsync);

    private static async Task<IResult> DownloadAsync(HttpContext context, string id, string? token, AttachmentUrls urls, CurrentWorkspace workspace, ContactBoxDbContext db, ExportFiles files)
    {
        if (!GlobalId.TryParse(id, out var typeName, out var exportId) || typeName != "ContactExport")
        {
            return NotFound();
        }

        var check = urls.Check(context, token, exportId, workspace, NotFound());
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        if (!check.Signed && !context.User.HasScope(AuthScopes.Export))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"Downloading an export needs the scope '{AuthScopes.Export}'.");
        }

        var export = await db.Set<ContactExport>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == exportId, context.RequestAborted);
        if (export is null)
        {
            return NotFound();
        }

        if (export.FileRemovedAt is { } removedAt)
        {
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "The export file was removed after the retention period.",
                detail: $"Export files are kept for a limited time; this one was removed at {removedAt:O}. The export record stays; export again if you still need the data.");
        }

        if (files.OpenRead(export.WorkspaceId, export.Id) is not { } content)
        {
            return NotFound();
        }

        db.Add(new ExportDownload(export.Id, check.Requester));
        await db.SaveChangesAsync(context.RequestAborted);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        return Results.File(content, "text/csv; charset=utf-8", export.FileName, enableRangeProcessing: true);
    }

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such export.");
}
