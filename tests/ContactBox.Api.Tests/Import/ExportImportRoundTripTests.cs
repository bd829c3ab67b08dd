using ContactBox.Api.Tests.Export;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Import;

/// <summary>A GENERIC_CSV export imported into another workspace with the suggested mapping reproduces the contacts.</summary>
public abstract class ExportImportRoundTripTests(ApiHost api)
{
    private const string Contacts = """
        { contacts(first: 10, order: [{lastName: ASC}]) { nodes {
            kind salutation title firstName lastName organizationName department jobTitle birthday
            emails { address } phones { number } addresses { street postalCode city region country } tags { name } } } }
        """;

    private static readonly string[] Fields =
    [
        "KIND", "SALUTATION", "TITLE", "FIRST_NAME", "LAST_NAME", "ORGANIZATION_NAME", "DEPARTMENT", "JOB_TITLE", "PRIMARY_EMAIL",
        "PRIMARY_PHONE", "STREET", "POSTAL_CODE", "CITY", "REGION", "COUNTRY", "BIRTHDAY", "TAGS",
    ];

    [SkippableFact]
    public async Task A_GENERIC_CSV_export_imported_into_another_workspace_reproduces_the_contacts()
    {
        api.SkipIfUnavailable();
        var source = await ExportTestKit.WorkspaceAsync(api);
        await ExportTestKit.SampleContactsAsync(source.GraphQL);
        var purpose = await PrivacyTestKit.PurposeAsync(source.GraphQL, "Umzug in ein anderes System", "CONTRACT");
        var export = await ExportTestKit.ExportAsync(source.GraphQL, new { where = new { }, fields = Fields, purposeId = purpose, preset = "GENERIC_CSV" });
        Assert.Equal(3, export.GetProperty("result").GetProperty("export").GetProperty("contactCount").GetInt32());
        var file = await ExportTestKit.DownloadAsync(api.Anonymous, export);
        var target = await ImportWorkspace.CreateAsync(api);

        var imported = await target.ImportBytesAsync(file);

        Assert.Equal((3L, 3L, 0L, 0L, 0L, true), imported.Counts());
        var expected = (await source.GraphQL.QueryAsync(Contacts)).GetRawText();
        Assert.Equal(expected, (await target.GraphQL.QueryAsync(Contacts)).GetRawText());
        Assert.Contains("\"number\":\"+49 89 1234567\"", expected, StringComparison.Ordinal);
        Assert.Contains("\"jobTitle\":\"=HYPERLINK(", expected, StringComparison.Ordinal);
    }
}

public sealed class SqliteExportImportRoundTripTests(SqliteApi api) : ExportImportRoundTripTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlExportImportRoundTripTests(PostgresApi api) : ExportImportRoundTripTests(api), IClassFixture<PostgresApi>;
