using ContactBox.Api.Attachments;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Operations;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.Operations;

/// <summary>
/// <c>GET /operations/{id}/error-report</c>: an import's rejected rows as CSV (line,column,reason), with a signed
/// URL's <c>token</c> (bound to the operation, workspace and requester, expiring) or a bearer token of the requester
/// or an admin. Anything else is 404, as for an object of another workspace; a report past its retention is 410 Gone.
/// </summary>
public static class OperationEndpoints
{
    public const string ErrorReportRoute = "/operations/{id}/error-report";

    public static void Map(WebApplication app) => app.MapGet(ErrorReportRoute, ErrorReportAsync);

    private static async Task<IResult> ErrorReportAsync(HttpContext context, string id, string? token, AttachmentUrls urls, CurrentWorkspace workspace, ContactBoxDbContext db, OperationFiles files,
        IOptions<OperationOptions> options, TimeProvider clock)
    {
        if (!GlobalId.TryParse(id, out var typeName, out var operationId) || typeName != "BackgroundOperation")
        {
            return NotFound();
        }

        var check = urls.Check(context, token, operationId, workspace, NotFound());
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        var operation = await db.Set<BackgroundOperation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == operationId, context.RequestAborted);
        if (operation is null || (!check.Signed && !OperationAccess.CanSee(context.User, operation)) || operation.Rejected == 0)
        {
            return NotFound();
        }

        if (options.Value.ErrorReportExpiresAt(operation.FinishedAt) <= clock.GetUtcNow() || files.OpenErrorReport(operation.WorkspaceId, operation.Id) is not { } content)
        {
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "The error report was removed after the retention period.",
                detail: $"Error reports are kept for {options.Value.ErrorReportRetention} after the import (ContactBox:Operations:ErrorReportRetention).");
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        return Results.File(content, "text/csv; charset=utf-8", $"import-errors-{operation.CreatedAt:yyyyMMdd-HHmmss}.csv");
    }

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such error report.");
}
