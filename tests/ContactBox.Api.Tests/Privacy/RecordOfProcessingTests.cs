using System.Net;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;

namespace ContactBox.Api.Tests.Privacy;

public abstract class RecordOfProcessingTests(ApiHost api)
{
    private async Task<PrivacyTestKit.TestWorkspace> CatalogAsync()
    {
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var newsletter = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "CONSENT", 30, "contact details");
        await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders, invoices", "CONTRACT", 3650, "contact details", "order history");
        const string measure = "mutation ($input: CreateProtectionMeasureInput!) { createProtectionMeasure(input: $input) { measure { id } errors { __typename } } }";
        await ws.GraphQL.MutateAsync(measure, "createProtectionMeasure", "measure", new { input = new { category = "ACCESS_CONTROL", title = "Roles and scopes" } });
        await ws.GraphQL.MutateAsync(measure, "createProtectionMeasure", "measure", new { input = new { category = "ENCRYPTION", title = "=Encrypted \"newsletter\" list", purposeIds = new[] { newsletter } } });
        return ws;
    }

    [SkippableFact]
    public async Task The_record_lists_each_purpose_with_legal_basis_categories_retention_and_its_measures()
    {
        api.SkipIfUnavailable();
        var ws = await CatalogAsync();

        var record = await ws.GraphQL.QueryAsync("{ recordOfProcessingActivities { activities { purpose legalBasis dataCategories recipients retentionDays archived measures { category title } } measures { title } } }");

        Assert.Equal(
            """{"recordOfProcessingActivities":{"activities":[{"purpose":"Newsletter","legalBasis":"CONSENT","dataCategories":["contact details"],"recipients":[],"retentionDays":30,"archived":false,"measures":[{"category":"ACCESS_CONTROL","title":"Roles and scopes"},{"category":"ENCRYPTION","title":"=Encrypted \"newsletter\" list"}]},"""
            + """{"purpose":"Orders, invoices","legalBasis":"CONTRACT","dataCategories":["contact details","order history"],"recipients":[],"retentionDays":3650,"archived":false,"measures":[{"category":"ACCESS_CONTROL","title":"Roles and scopes"}]}],"measures":[{"title":"Roles and scopes"},{"title":"=Encrypted \"newsletter\" list"}]}}""",
            record.GetRawText());
    }

    [SkippableFact]
    public async Task The_record_downloads_as_json_and_as_csv_that_spreadsheets_open_safely()
    {
        api.SkipIfUnavailable();
        var ws = await CatalogAsync();

        using var json = await ws.Http.GetAsync("/privacy/record-of-processing-activities.json");
        using var csv = await ws.Http.GetAsync("/privacy/record-of-processing-activities.csv");
        var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());

        Assert.Equal((HttpStatusCode.OK, "application/json"), (json.StatusCode, json.Content.Headers.ContentType?.MediaType));
        Assert.Equal(["Newsletter", "Orders, invoices"], document.GetProperty("activities").Strings("purpose"));
        Assert.Equal("Contract", document.GetProperty("activities")[1].GetProperty("legalBasis").GetString());
        Assert.Equal((HttpStatusCode.OK, "text/csv"), (csv.StatusCode, csv.Content.Headers.ContentType?.MediaType));
        Assert.Equal(
            "\uFEFFpurpose,description,legalBasis,dataCategories,recipients,retentionDays,archived,measureCategory,measure\r\n"
            + "Newsletter,,Consent,contact details,,30,no,AccessControl,Roles and scopes\r\n"
            + "Newsletter,,Consent,contact details,,30,no,Encryption,\"'=Encrypted \"\"newsletter\"\" list\"\r\n"
            + "\"Orders, invoices\",,Contract,contact details; order history,,3650,no,AccessControl,Roles and scopes\r\n",
            text);
    }

    [SkippableFact]
    public async Task The_downloads_follow_the_rules_of_the_graphql_field()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api, AuthScopes.ContactsRead);

        using var forbidden = await ws.Http.GetAsync("/privacy/record-of-processing-activities.csv");
        using var anonymous = await api.Anonymous.GetAsync("/privacy/record-of-processing-activities.json");
        var member = await api.DemoMemberGraphQLAsync();
        var asDemoMember = await member.QueryAsync("{ recordOfProcessingActivities { controller } }");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("privacy.admin", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("""{"recordOfProcessingActivities":{"controller":"Demo"}}""", asDemoMember.GetRawText());
    }
}

public sealed class SqliteRecordOfProcessingTests(SqliteApi api) : RecordOfProcessingTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlRecordOfProcessingTests(PostgresApi api) : RecordOfProcessingTests(api), IClassFixture<PostgresApi>;
