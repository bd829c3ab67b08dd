using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Attachments;
using ContactBox.Api.Tests.Export;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.CustomFields;

/// <summary>Custom fields through the CSV import (column mapping, combined pick lists, dry run) and the export.</summary>
public abstract class CustomFieldImportExportTests(ApiHost api)
{
    private const string Import = """
        mutation ($input: ImportContactsInput!) {
          importContacts(input: $input) {
            result { committed rows created updated rejected customFieldMapping { column customField } createdCustomFields createdOptions { field key label } problems { line column reason } }
            errors { __typename ... on Error { message } ... on ValidationError { field } }
          }
        }
        """;

    [SkippableFact]
    public async Task Columns_mapped_to_custom_fields_are_converted_from_German_and_ISO_forms_and_bad_cells_are_reported()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        await CustomFieldTests.AllTypesAsync(ws.GraphQL);
        const string csv = "Vorname;Nachname;Umsatz;Gegründet;Newsletter;Branche;Interessen;Notiz\n"
                           + "Erika;Muster;1.234,56;31.03.2001;ja;IT;Messe, webinar;Kennt uns\n"
                           + "Max;Mann;1234.5;2001-03-31;nein;handel;;\n"
                           + "Ina;Falsch;viel;32.13.2001;vielleicht;Bau;;\n"
                           + "Udo;Unsicher;5;01.01.2020;vielleicht;;;\n"
                           + "Tom;Tausend;1.000;1.1.20;x;;Newsletter|Messe;\n";
        var mapping = new object[]
        {
            new { column = "Vorname", field = "FIRST_NAME" }, new { column = "Nachname", field = "LAST_NAME" },
            new { column = "Umsatz", customField = "umsatz" }, new { column = "Gegründet", customField = "gruendung" }, new { column = "Newsletter", customField = "newsletter" },
            new { column = "Branche", customField = "branche" }, new { column = "Interessen", customField = "interessen" }, new { column = "Notiz", customField = "notiz" },
        };

        var payload = await ImportAsync(ws.Http, csv, new { mapping, rowPolicy = "VALID_ROWS" });
        var contacts = await ws.GraphQL.QueryAsync($"{{ contacts(order: [{{lastName: ASC}}]) {{ nodes {{ lastName {CustomFieldKit.ValuesSelection} }} }} }}");

        Assert.Equal(
            """{"result":{"committed":true,"rows":5,"created":3,"updated":0,"rejected":2,"customFieldMapping":[{"column":"Umsatz","customField":"umsatz"},{"column":"Gegründet","customField":"gruendung"},"""
            + """{"column":"Newsletter","customField":"newsletter"},{"column":"Branche","customField":"branche"},{"column":"Interessen","customField":"interessen"},{"column":"Notiz","customField":"notiz"}],"createdCustomFields":[],"createdOptions":[],"""
            + "\"problems\":" + """[{"line":4,"column":"Umsatz","reason":"'viel' is not a number: use 1234.56 or 1.234,56."},"""
            + """{"line":5,"column":"Newsletter","reason":"'vielleicht' is neither yes nor no: use ja/nein, yes/no, x or 1/0."}]},"errors":null}""",
            payload.GetRawText());
        Assert.Equal(
            """{"contacts":{"nodes":[{"lastName":"Mann","customFields":[{"field":{"key":"umsatz"},"text":null,"number":1234.5,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"gruendung"},"text":null,"number":null,"date":"2001-03-31","boolean":null,"options":[]},{"field":{"key":"newsletter"},"text":null,"number":null,"date":null,"boolean":false,"options":[]},"""
            + """{"field":{"key":"branche"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"handel"}]}]},"""
            + """{"lastName":"Muster","customFields":[{"field":{"key":"notiz"},"text":"Kennt uns","number":null,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"umsatz"},"text":null,"number":1234.56,"date":null,"boolean":null,"options":[]},{"field":{"key":"gruendung"},"text":null,"number":null,"date":"2001-03-31","boolean":null,"options":[]},"""
            + """{"field":{"key":"newsletter"},"text":null,"number":null,"date":null,"boolean":true,"options":[]},{"field":{"key":"branche"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"it"}]},"""
            + """{"field":{"key":"interessen"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"messe"},{"key":"webinar"}]}]},"""
            + """{"lastName":"Tausend","customFields":[{"field":{"key":"umsatz"},"text":null,"number":1000,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"gruendung"},"text":null,"number":null,"date":"2020-01-01","boolean":null,"options":[]},{"field":{"key":"newsletter"},"text":null,"number":null,"date":null,"boolean":true,"options":[]},"""
            + """{"field":{"key":"interessen"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"messe"},{"key":"newsletter"}]}]}]}}""",
            contacts.GetRawText());
    }

    [SkippableFact]
    public async Task Columns_combine_into_a_pick_list_that_the_import_creates_or_extends_and_a_dry_run_reports_the_same_without_writing()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        await CustomFieldKit.FieldAsync(ws.GraphQL, "region", "Region", "PICK_LIST", false, ("nord", "Nord"));
        await CustomFieldKit.FieldAsync(ws.GraphQL, "quelle", "Quelle", "TEXT");
        const string csv = "Vorname,Nachname,Newsletter,Messe,Webinar,Region,Quelle,Sonstiges\n"
                           + "Erika,Muster,x,,ja,Nord,Messe Köln,egal\n"
                           + "Max,Mann,,ja,,Süd,,\n"
                           + "Ina,Iks,nein,,,nord,,\n";
        var options = new
        {
            pickLists = new object[]
            {
                new { field = "interessen", label = "Interessen", columns = new[] { "Newsletter", "Messe", "Webinar" }, multiple = true, valueFrom = "HEADER" },
                new { field = "region", columns = new[] { "Region" }, multiple = false, valueFrom = "CELL" },
            },
        };

        var dryRun = await ImportAsync(ws.Http, csv, new { options.pickLists, dryRun = true });
        var catalogAfterDryRun = await ws.GraphQL.QueryAsync("{ customFields { key options { key } } }");
        var real = await ImportAsync(ws.Http, csv, options);
        var catalog = await ws.GraphQL.QueryAsync("{ customFields { key label type options { key label } } }");
        var contacts = await ws.GraphQL.QueryAsync("{ contacts(order: [{lastName: ASC}]) { nodes { lastName customFields { field { key } text options { key } } } } }");

        const string outcome = """
            "rows":3,"created":3,"updated":0,"rejected":0,"customFieldMapping":[{"column":"Quelle","customField":"quelle"}],"createdCustomFields":["interessen"],"createdOptions":[{"field":"interessen","key":"newsletter","label":"Newsletter"},{"field":"interessen","key":"messe","label":"Messe"},{"field":"interessen","key":"webinar","label":"Webinar"},{"field":"region","key":"sued","label":"Süd"}],"problems":[]},"errors":null}
            """;
        Assert.Equal("""{"result":{"committed":false,""" + outcome, dryRun.GetRawText());
        Assert.Equal("""{"customFields":[{"key":"region","options":[{"key":"nord"}]},{"key":"quelle","options":[]}]}""", catalogAfterDryRun.GetRawText());
        Assert.Equal("""{"result":{"committed":true,""" + outcome, real.GetRawText());
        Assert.Equal(
            """{"customFields":[{"key":"region","label":"Region","type":"PICK_LIST","options":[{"key":"nord","label":"Nord"},{"key":"sued","label":"Süd"}]},"""
            + """{"key":"quelle","label":"Quelle","type":"TEXT","options":[]},"""
            + """{"key":"interessen","label":"Interessen","type":"MULTI_PICK_LIST","options":[{"key":"newsletter","label":"Newsletter"},{"key":"messe","label":"Messe"},{"key":"webinar","label":"Webinar"}]}]}""",
            catalog.GetRawText());
        Assert.Equal(
            """{"contacts":{"nodes":[{"lastName":"Iks","customFields":[{"field":{"key":"region"},"text":null,"options":[{"key":"nord"}]}]},"""
            + """{"lastName":"Mann","customFields":[{"field":{"key":"region"},"text":null,"options":[{"key":"sued"}]},{"field":{"key":"interessen"},"text":null,"options":[{"key":"messe"}]}]},"""
            + """{"lastName":"Muster","customFields":[{"field":{"key":"region"},"text":null,"options":[{"key":"nord"}]},{"field":{"key":"quelle"},"text":"Messe Köln","options":[]},"""
            + """{"field":{"key":"interessen"},"text":null,"options":[{"key":"newsletter"},{"key":"webinar"}]}]}]}}""",
            contacts.GetRawText());
        var imported = (await ws.GraphQL.QueryAsync("{ auditLog(where: {action: {eq: CONTACTS_IMPORTED}}) { nodes { details } } }")).GetProperty("auditLog").GetProperty("nodes");
        var details = JsonDocument.Parse(Assert.Single(imported.EnumerateArray()).GetProperty("details").GetString()!).RootElement;
        Assert.Equal((1L, 4L), (details.GetProperty("customFieldsCreated").GetInt64(), details.GetProperty("pickListOptionsAdded").GetInt64()));
    }

    [SkippableFact]
    public async Task An_update_import_overrides_only_the_mapped_custom_fields_and_a_required_field_missing_from_the_file_rejects_new_rows()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var fields = await CustomFieldTests.AllTypesAsync(ws.GraphQL);
        await ws.GraphQL.MutateAsync("mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { __typename } } }", "createContact", "contact", new
        {
            input = new
            {
                kind = "PERSON", lastName = "Muster", emails = new[] { new { address = "erika@example.org" } },
                customFields = new object[] { new { key = "umsatz", number = 1 }, new { key = "notiz", text = "alt" } },
            },
        });

        var update = await ImportAsync(ws.Http, "E-Mail,Nachname,Umsatz\nerika@example.org,Muster,2\n", new { duplicates = "UPDATE" });
        await ws.GraphQL.MutateAsync("mutation ($input: UpdateCustomFieldInput!) { updateCustomField(input: $input) { field { key } errors { __typename } } }",
            "updateCustomField", "field", new { input = new { id = fields["notiz"], required = true } });
        var missing = await ImportAsync(ws.Http, "Nachname,Umsatz\nNeu,3\n", new { });
        var contacts = await ws.GraphQL.QueryAsync("{ contacts { nodes { lastName customFields { field { key } text number } } } }");

        Assert.Equal((1L, 0L, 1L), (update.GetProperty("result").GetProperty("rows").GetInt64(), update.GetProperty("result").GetProperty("created").GetInt64(), update.GetProperty("result").GetProperty("updated").GetInt64()));
        Assert.Equal("""[{"line":2,"column":null,"reason":"The custom field 'notiz' is required."}]""", missing.GetProperty("result").GetProperty("problems").GetRawText());
        Assert.Equal("""{"contacts":{"nodes":[{"lastName":"Muster","customFields":[{"field":{"key":"notiz"},"text":"alt","number":null},{"field":{"key":"umsatz"},"text":null,"number":2}]}]}}""", contacts.GetRawText());
    }

    [SkippableFact]
    public async Task A_bad_custom_field_mapping_gets_a_typed_error_naming_the_entry_and_writes_nothing()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        await CustomFieldKit.FieldAsync(ws.GraphQL, "notiz", "Notiz", "TEXT");
        const string csv = "Vorname,Nachname,Notiz\nErika,Muster,x\n";

        var unknown = await ImportAsync(ws.Http, csv, new { mapping = new object[] { new { column = "Nachname", field = "LAST_NAME" }, new { column = "Notiz", customField = "farbe" } } });
        var missingColumn = await ImportAsync(ws.Http, csv, new { pickLists = new[] { new { field = "interessen", columns = new[] { "Messe" } } } });
        var notAPickList = await ImportAsync(ws.Http, csv, new { pickLists = new[] { new { field = "notiz", columns = new[] { "Notiz" } } } });

        Assert.Equal("""{"result":null,"errors":[{"__typename":"ValidationError","message":"No custom field 'farbe' exists.","field":"mapping[1].customField"}]}""", unknown.GetRawText());
        Assert.Equal("""{"result":null,"errors":[{"__typename":"ValidationError","message":"The file has no column 'Messe'. Its columns: Vorname, Nachname, Notiz.","field":"pickLists[0].columns[0]"}]}""", missingColumn.GetRawText());
        Assert.Equal("""{"result":null,"errors":[{"__typename":"ValidationError","message":"The custom field 'notiz' is a Text field, not a MultiPickList.","field":"pickLists[0].field"}]}""", notAPickList.GetRawText());
        Assert.Equal("""{"contacts":{"totalCount":0}}""", (await ws.GraphQL.QueryAsync("{ contacts { totalCount } }")).GetRawText());
    }

    [SkippableFact]
    public async Task Custom_fields_are_export_columns_headed_by_their_labels()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        await CustomFieldTests.AllTypesAsync(ws.GraphQL);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var erika = await CustomFieldKit.PersonAsync(ws.GraphQL, "Muster", "m", new { key = "umsatz", number = 1234.5 }, new { key = "gruendung", date = "2001-03-31" },
            new { key = "newsletter", boolean = true }, new { key = "interessen", options = new[] { "webinar", "messe" } });
        var max = await CustomFieldKit.PersonAsync(ws.GraphQL, "Mann", "m", new { key = "newsletter", boolean = false });

        var generic = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { erika, max }, fields = new[] { "LAST_NAME" }, customFields = new[] { "umsatz", "gruendung", "newsletter", "interessen" }, purposeId = orders });
        var mailMerge = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { erika }, fields = Array.Empty<string>(), customFields = new[] { "umsatz", "gruendung", "newsletter", "interessen" }, purposeId = orders, preset = "MAIL_MERGE" });
        var unknown = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { erika }, fields = new[] { "LAST_NAME" }, customFields = new[] { "umsatz", "farbe" }, purposeId = orders });

        Assert.Equal("lastName,Umsatz,Gründung,Newsletter,Interessen\r\nMann,,,no,\r\nMuster,1234.5,2001-03-31,yes,\"Messe, Webinar\"\r\n",
            Encoding.UTF8.GetString(await ExportTestKit.DownloadAsync(ws.Http, generic)));
        Assert.Equal("\uFEFFUmsatz;Gründung;Newsletter;Interessen\r\n1234,5;31.03.2001;ja;Messe, Webinar\r\n",
            Encoding.UTF8.GetString(await ExportTestKit.DownloadAsync(ws.Http, mailMerge)));
        Assert.Equal("""{"result":null,"errors":[{"__typename":"ValidationError","message":"No custom field 'farbe' exists.","field":"customFields[1]"}]}""", unknown.GetRawText());
    }

    private static async Task<JsonElement> ImportAsync(HttpClient http, string csv, object options)
    {
        var input = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(options))!;
        input["file"] = null;
        var response = await Multipart.SendAsync(http, Import, new Dictionary<string, object?> { ["input"] = input }, [("variables.input.file", "kontakte.csv", Encoding.UTF8.GetBytes(csv))]);
        Assert.True(response.Errors is null, $"Unexpected errors: {response.Body}");
        return response.Data.GetProperty("importContacts");
    }
}

public sealed class SqliteCustomFieldImportExportTests(SqliteApi api) : CustomFieldImportExportTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlCustomFieldImportExportTests(PostgresApi api) : CustomFieldImportExportTests(api), IClassFixture<PostgresApi>;
