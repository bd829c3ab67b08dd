using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Support;
using ContactBox.Infrastructure.Export;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Export;

public abstract class ExportTests(ApiHost api)
{
    private static readonly string[] GenericFields = ["LAST_NAME", "FIRST_NAME", "PRIMARY_EMAIL", "PRIMARY_PHONE", "CITY", "COUNTRY", "TAGS", "JOB_TITLE", "DEPARTMENT"];

    [SkippableFact]
    public async Task Generic_csv_is_rfc4180_comma_utf8_without_bom_with_formulas_neutralised()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var (erika, hans, xaver) = await ExportTestKit.SampleContactsAsync(ws.GraphQL);

        var result = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { xaver, hans, erika }, fields = GenericFields, purposeId = orders, preset = "GENERIC_CSV" });
        var bytes = await ExportTestKit.DownloadAsync(api.Anonymous, result);

        Assert.Equal(
            "lastName,firstName,email,phone,city,country,tags,jobTitle,department\r\n"
            + "Müller,Erika,erika.mueller@example.de,\"'+49 89 1234567\",München,DE,\"Newsletter, VIP\",,\r\n"
            + "Weiß; Sohn,\"Hans \"\"Hansi\"\"\",hans@weiss.example,,Dresden,DE,,,\r\n"
            + "Formel,Xaver,xaver@formel.example,,,,\"'-1+1\",\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Klick\"\")\",\"'@SUMME(A1:A9)\"\r\n",
            Text(bytes));
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        var export = result.GetProperty("result").GetProperty("export");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), export.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, export.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(3, export.GetProperty("contactCount").GetInt32());
    }

    [SkippableFact]
    public async Task Mail_merge_is_semicolon_utf8_with_bom_crlf_with_german_headers_and_letter_salutation()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var (erika, hans, xaver) = await ExportTestKit.SampleContactsAsync(ws.GraphQL);
        string[] fields = ["LETTER_SALUTATION", "SALUTATION", "TITLE", "FIRST_NAME", "LAST_NAME", "STREET", "POSTAL_CODE", "CITY", "BIRTHDAY", "PRIMARY_PHONE", "JOB_TITLE"];

        var result = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { erika, hans, xaver }, fields, purposeId = orders, preset = "MAIL_MERGE" });
        var bytes = await ExportTestKit.DownloadAsync(api.Anonymous, result);

        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        Assert.Equal(
            "\uFEFFBriefanrede;Anrede;Titel;Vorname;Nachname;Straße;PLZ;Ort;Geburtstag;Telefon;Position\r\n"
            + "Sehr geehrte Frau Dr. Müller;Frau;Dr.;Erika;Müller;Königstraße 5;80331;München;29.02.1980;\"'+49 89 1234567\";\r\n"
            + "\"Sehr geehrter Herr Weiß; Sohn\";Herr;;\"Hans \"\"Hansi\"\"\";\"Weiß; Sohn\";Am Markt 1;01067;Dresden;;;\r\n"
            + "Guten Tag Xaver Formel;;;Xaver;Formel;;;;;;\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Klick\"\")\"\r\n",
            Text(bytes));
    }

    private static string Text(byte[] bytes) => new UTF8Encoding(false).GetString(bytes);
}

public sealed class SqliteExportTests(SqliteApi api) : ExportTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlExportTests(PostgresApi api) : ExportTests(api), IClassFixture<PostgresApi>;
