using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using CsvHelper;
using GraphQL.Types;

namespace ContactBox.Api.Privacy;

/// <summary>
/// The privacy documents as files: GET with the normal bearer token, under exactly the rules of the GraphQL
/// field that serves the same data (they are checked against that field's declaration).
/// </summary>
public static class PrivacyEndpoints
{
    public const string RecordOfProcessingPath = "/privacy/record-of-processing-activities";
    public const string DataSubjectReportsPath = "/privacy/data-subject-reports";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static WebApplication MapPrivacyEndpoints(this WebApplication app)
    {
        app.MapGet(RecordOfProcessingPath + ".json", async (HttpContext http) =>
            await AllowedAsync(http, PrivacyQueries.RecordOfProcessingField) ?? await RecordAsync(http, csv: false));
        app.MapGet(RecordOfProcessingPath + ".csv", async (HttpContext http) =>
            await AllowedAsync(http, PrivacyQueries.RecordOfProcessingField) ?? await RecordAsync(http, csv: true));
        app.MapGet(DataSubjectReportsPath + "/{contactId}.json", async (HttpContext http, string contactId) =>
            await AllowedAsync(http, PrivacyQueries.DataSubjectReportField) ?? await ReportAsync(http, contactId));
        return app;
    }

    private static Task<IResult?> AllowedAsync(HttpContext http, string fieldName)
    {
        var services = http.RequestServices;
        var field = ((IObjectGraphType)services.GetRequiredService<ContactBoxSchema>().Query).GetField(fieldName)!;
        var denial = services.GetRequiredService<AccessChecker>().Check(http.User, field, fieldName);
        IResult? result = denial is null
            ? null
            : Results.Problem(statusCode: denial.Code == ErrorCodes.NotAuthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden,
                title: denial.Message, extensions: new Dictionary<string, object?> { ["code"] = denial.Code });
        return Task.FromResult(result);
    }

    private static async Task<IResult> RecordAsync(HttpContext http, bool csv)
    {
        var services = http.RequestServices;
        var record = await services.GetRequiredService<ProcessingRecords>().BuildAsync(services.GetRequiredService<ContactBoxDbContext>(), http.RequestAborted);
        var name = $"record-of-processing-activities-{record.GeneratedAt:yyyy-MM-dd}";
        return csv
            ? Results.File(ToCsv(record), "text/csv; charset=utf-8", name + ".csv")
            : Results.File(JsonSerializer.SerializeToUtf8Bytes(record, Json), "application/json", name + ".json");
    }

    private static async Task<IResult> ReportAsync(HttpContext http, string contactId)
    {
        if (!ContactBox.Api.GraphQL.Relay.GlobalId.TryParse(contactId, out var type, out var id) || type != "Contact")
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"'{contactId}' is not a Contact ID.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.InvalidId });
        }

        var services = http.RequestServices;
        var report = await services.GetRequiredService<DataSubjectReports>().ProduceAsync(
            services.GetRequiredService<ContactBoxDbContext>(), id, PrivacyAccess.Actor(http.User), "download", http.RequestAborted);
        return report is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No contact with this ID exists in your workspace.")
            : Results.File(JsonSerializer.SerializeToUtf8Bytes(report, Json), "application/json", $"data-subject-report-{contactId}.json");
    }

    /// <summary>
    /// One row per purpose and measure (RFC 4180, UTF-8 with BOM), so the record opens in a spreadsheet; a purpose
    /// without measures has one row. CsvHelper quotes and neutralises cells a spreadsheet would run as formulas.
    /// </summary>
    internal static byte[] ToCsv(RecordOfProcessingActivities record)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { Separator = ',', NewLine = "\r\n", WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteHeader(["purpose", "description", "legalBasis", "dataCategories", "recipients", "retentionDays", "archived", "measureCategory", "measure"]);
            foreach (var activity in record.Activities)
            {
                var measures = activity.Measures.Count == 0 ? [null] : activity.Measures.Cast<MeasureEntry?>().ToList();
                foreach (var measure in measures)
                {
                    string?[] fields = [activity.Purpose, activity.Description, activity.LegalBasis.ToString(), string.Join("; ", activity.DataCategories),
                        string.Join("; ", activity.Recipients), activity.RetentionDays?.ToString(CultureInfo.InvariantCulture),
                        activity.Archived ? "yes" : "no", measure?.Category.ToString(), measure?.Title];
                    foreach (var field in fields)
                    {
                        csv.WriteField(field ?? string.Empty);
                    }

                    csv.EndRecord();
                }
            }
        }

        return buffer.ToArray();
    }
}
