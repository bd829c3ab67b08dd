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

    [SkippableFact]
    public async Task Newsletter_presets_use_the_services_columns_and_keep_values_as_they_are()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var (erika, hans, xaver) = await ExportTestKit.SampleContactsAsync(ws.GraphQL);
        var ids = new[] { erika, hans, xaver };

        var mailchimp = await ExportTestKit.DownloadAsync(api.Anonymous, await ExportTestKit.ExportAsync(ws.GraphQL,
            new { contactIds = ids, fields = new[] { "PRIMARY_EMAIL", "FIRST_NAME", "LAST_NAME", "TAGS", "COUNTRY", "BIRTHDAY", "JOB_TITLE" }, purposeId = orders, preset = "MAILCHIMP" }));
        var rapidmail = await ExportTestKit.DownloadAsync(api.Anonymous, await ExportTestKit.ExportAsync(ws.GraphQL,
            new { contactIds = ids, fields = new[] { "PRIMARY_EMAIL", "SALUTATION", "FIRST_NAME", "LAST_NAME", "POSTAL_CODE", "CITY", "DEPARTMENT" }, purposeId = orders, preset = "RAPIDMAIL" }));

        Assert.Equal(
            "Email Address,First Name,Last Name,Tags,Country,Birthday,Job Title\r\n"
            + "erika.mueller@example.de,Erika,Müller,\"Newsletter,VIP\",DE,02/29,\r\n"
            + "hans@weiss.example,\"Hans \"\"Hansi\"\"\",Weiß; Sohn,,DE,,\r\n"
            + "xaver@formel.example,Xaver,Formel,-1+1,,,\"=HYPERLINK(\"\"http://evil.example\"\";\"\"Klick\"\")\"\r\n",
            Text(mailchimp));
        Assert.Equal(
            "email;gender;firstname;lastname;zip;city;department\r\n"
            + "erika.mueller@example.de;female;Erika;Müller;80331;München;\r\n"
            + "hans@weiss.example;male;\"Hans \"\"Hansi\"\"\";\"Weiß; Sohn\";01067;Dresden;\r\n"
            + "xaver@formel.example;;Xaver;Formel;;;@SUMME(A1:A9)\r\n",
            Text(rapidmail));
    }

    [SkippableFact]
    public async Task A_missing_unknown_or_archived_purpose_is_a_typed_error_and_nothing_is_written()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var old = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Old mailing");
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { archiveProcessingPurpose(input: {id: $id}) { purpose { id } errors { __typename } } }",
            "archiveProcessingPurpose", "purpose", new { id = old });
        var other = await ExportTestKit.WorkspaceAsync(api);
        var foreign = await PrivacyTestKit.PurposeAsync(other.GraphQL, "Foreign");
        var contact = await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "PERSON", lastName = "Ohnezweck" });
        var fields = new[] { "LAST_NAME" };

        var missing = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { contact }, fields });
        var unknown = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { contact }, fields, purposeId = foreign });
        var archived = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { contact }, fields, purposeId = old });

        Assert.Equal("""{"result":null,"errors":[{"__typename":"PurposeRequiredError","message":"Every export states its purpose: choose one from the processing purposes of your workspace.","field":"purposeId"}]}""", missing.GetRawText());
        Assert.Equal("""{"result":null,"errors":[{"__typename":"PurposeRequiredError","message":"No processing purpose with this ID exists in your workspace.","field":"purposeId"}]}""", unknown.GetRawText());
        Assert.Equal("""{"result":null,"errors":[{"__typename":"PurposeRequiredError","message":"The purpose 'Old mailing' is archived; exports need a current purpose.","field":"purposeId"}]}""", archived.GetRawText());
        Assert.Equal(["PURPOSE_CREATED", "PURPOSE_ARCHIVED"], await PrivacyTestKit.ActionsAsync(ws.GraphQL));
        Assert.Equal(0, await ExportCountAsync(ws.GraphQL));
        Assert.Empty(FilesOf(ws.Id));
    }

    [SkippableFact]
    public async Task Contacts_the_purpose_does_not_cover_are_left_out_with_counts_per_reason_and_their_ids()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var newsletter = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "CONSENT");
        var tag = new[] { "Bayern" };
        async Task<string> Person(string lastName, bool email = true) => await ExportTestKit.ContactAsync(ws.GraphQL, new
        {
            kind = "PERSON",
            lastName,
            emails = email ? new[] { new { address = lastName.ToLowerInvariant() + "@example.de", label = (string?)null, isPrimary = true } } : [],
            tags = tag,
        });
        async Task<string> Consent(string contactId, string? validUntil = null) =>
            (await PrivacyTestKit.AssignAsync(ws.GraphQL, new { contactId, purposeId = newsletter, consent = new { givenAt = "2020-01-01T00:00:00Z", evidence = "Double opt-in", validUntil } }))
            .GetProperty("id").GetString()!;
        var active = await Person("Aktiv");
        await Consent(active);
        var none = await Person("Ohne");
        // Consent to another purpose covers nothing here.
        var events = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Events", "CONSENT");
        await PrivacyTestKit.AssignAsync(ws.GraphQL, new { contactId = none, purposeId = events, consent = new { givenAt = "2020-01-01T00:00:00Z", evidence = "Form" } });
        var withdrawn = await Person("Widerrufen");
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { withdrawConsent(input: {id: $id}) { purposeAssignment { id } errors { __typename } } }",
            "withdrawConsent", "purposeAssignment", new { id = await Consent(withdrawn) });
        var expired = await Person("Abgelaufen");
        await Consent(expired, "2021-01-01T00:00:00Z");
        var restricted = await Person("Eingeschraenkt");
        await Consent(restricted);
        await ws.GraphQL.MutateAsync("mutation ($c: ID!) { setProcessingRestriction(input: {contactId: $c, restricted: true}) { contact { id } errors { __typename } } }",
            "setProcessingRestriction", "contact", new { c = restricted });
        var objected = await Person("Widerspruch");
        await Consent(objected);
        await ws.GraphQL.MutateAsync("mutation ($c: ID!) { setMarketingObjection(input: {contactId: $c, objected: true}) { contact { id } errors { __typename } } }",
            "setMarketingObjection", "contact", new { c = objected });
        var noEmail = await Person("Ohnemail", email: false);
        await Consent(noEmail);
        var where = new { tags = new { some = new { name = new { eq = "Bayern" } } } };

        var mailchimp = await ExportTestKit.ExportAsync(ws.GraphQL, new { where, fields = new[] { "PRIMARY_EMAIL", "LAST_NAME" }, purposeId = newsletter, preset = "MAILCHIMP" });
        var letters = await ExportTestKit.ExportAsync(ws.GraphQL, new { where, fields = new[] { "LAST_NAME" }, purposeId = newsletter, preset = "MAIL_MERGE" });

        var result = mailchimp.GetProperty("result");
        Assert.Equal("""[{"reason":"RESTRICTED","count":1},{"reason":"NO_CONSENT","count":1},{"reason":"CONSENT_WITHDRAWN","count":1},{"reason":"CONSENT_EXPIRED","count":1},{"reason":"MARKETING_OBJECTION","count":1},{"reason":"NO_EMAIL_ADDRESS","count":1}]""",
            result.GetProperty("exclusions").GetRawText());
        Assert.Equal(new[] { none, withdrawn, expired, restricted, objected, noEmail }.Order(), result.GetProperty("excludedContactIds").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(1, result.GetProperty("export").GetProperty("contactCount").GetInt32());
        Assert.Equal(6, result.GetProperty("export").GetProperty("excludedCount").GetInt32());
        Assert.Equal("Email Address,Last Name\r\naktiv@example.de,Aktiv\r\n", Text(await ExportTestKit.DownloadAsync(api.Anonymous, mailchimp)));
        // A letter is not direct marketing unless the caller says so; it needs no e-mail address.
        Assert.Equal("""[{"reason":"RESTRICTED","count":1},{"reason":"NO_CONSENT","count":1},{"reason":"CONSENT_WITHDRAWN","count":1},{"reason":"CONSENT_EXPIRED","count":1}]""",
            letters.GetProperty("result").GetProperty("exclusions").GetRawText());
        Assert.Equal("\uFEFFNachname\r\nAktiv\r\nOhnemail\r\nWiderspruch\r\n", Text(await ExportTestKit.DownloadAsync(api.Anonymous, letters)));

        // The whole workspace (where: {}) is read with another plan on PostgreSQL: the same outcome.
        var everyone = await ExportTestKit.ExportAsync(ws.GraphQL, new { where = new { }, fields = new[] { "PRIMARY_EMAIL", "LAST_NAME" }, purposeId = newsletter, preset = "MAILCHIMP" });
        Assert.Equal(result.GetProperty("exclusions").GetRawText(), everyone.GetProperty("result").GetProperty("exclusions").GetRawText());
        Assert.Equal(new[] { none, withdrawn, expired, restricted, objected, noEmail }.Order(),
            everyone.GetProperty("result").GetProperty("excludedContactIds").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal("Email Address,Last Name\r\naktiv@example.de,Aktiv\r\n", Text(await ExportTestKit.DownloadAsync(api.Anonymous, everyone)));
    }

    [SkippableFact]
    public async Task An_export_writes_its_record_and_an_audit_entry_and_shows_as_recipient_of_each_included_contact()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var (erika, hans, _) = await ExportTestKit.SampleContactsAsync(ws.GraphQL);

        var result = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { erika }, fields = new[] { "LAST_NAME", "CITY" }, purposeId = orders, note = "Christmas cards", preset = "MAIL_MERGE" });
        var exportId = result.GetProperty("result").GetProperty("export").GetProperty("id").GetString();
        await ExportTestKit.DownloadAsync(api.Anonymous, result);
        await ExportTestKit.DownloadAsync(api.Anonymous, result);

        Assert.Equal("""{"preset":"MAIL_MERGE","fields":["LAST_NAME","CITY"],"note":"Christmas cards","actorKind":"Client","purpose":{"name":"Orders"}}""",
            JsonSerializer.Serialize(new
            {
                preset = result.GetProperty("result").GetProperty("export").GetProperty("preset"),
                fields = result.GetProperty("result").GetProperty("export").GetProperty("fields"),
                note = result.GetProperty("result").GetProperty("export").GetProperty("note"),
                actorKind = result.GetProperty("result").GetProperty("export").GetProperty("actorKind"),
                purpose = result.GetProperty("result").GetProperty("export").GetProperty("purpose"),
            }));
        Assert.Equal(["PURPOSE_CREATED", "CONTACTS_EXPORTED"], await PrivacyTestKit.ActionsAsync(ws.GraphQL));
        Assert.Equal("""{"ok":true,"count":2,"firstBroken":null}""", (await PrivacyTestKit.VerifyAsync(ws.GraphQL)).GetRawText());
        var ofErika = await ws.GraphQL.QueryAsync("query ($c: ID) { exports(contactId: $c) { nodes { id contactCount downloadCount } } }", new { c = erika });
        var ofHans = await ws.GraphQL.QueryAsync("query ($c: ID) { exports(contactId: $c) { totalCount } }", new { c = hans });
        Assert.Equal("""{"exports":{"nodes":[{"id":"ID","contactCount":1,"downloadCount":2}]}}""".Replace("ID", exportId, StringComparison.Ordinal), ofErika.GetRawText());
        Assert.Equal("""{"exports":{"totalCount":0}}""", ofHans.GetRawText());
        var report = await ws.GraphQL.QueryAsync("query ($c: ID!) { dataSubjectReport(contactId: $c) { recipients { recipient purpose } } }", new { c = erika });
        Assert.Equal("""{"dataSubjectReport":{"recipients":[{"recipient":"Mail merge (CSV export)","purpose":"Orders"}]}}""", report.GetRawText());
        var record = await ws.GraphQL.QueryAsync("{ recordOfProcessingActivities { activities { purpose recipients } } }");
        Assert.Equal("""{"recordOfProcessingActivities":{"activities":[{"purpose":"Orders","recipients":["Mail merge (CSV export)"]}]}}""", record.GetRawText());
    }

    [SkippableFact]
    public async Task An_export_that_fails_after_writing_its_file_leaves_no_record_no_file_and_no_audit_entry()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var (erika, _, _) = await ExportTestKit.SampleContactsAsync(ws.GraphQL);

        // The note is checked when the record is made: after every row was streamed into the file.
        var failed = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = new[] { erika }, fields = new[] { "LAST_NAME" }, purposeId = orders, note = new string('x', 1001) });

        Assert.Equal("""{"result":null,"errors":[{"__typename":"ValidationError","message":"note must be at most 1000 characters long.","field":"note"}]}""", failed.GetRawText());
        Assert.Equal(["PURPOSE_CREATED"], await PrivacyTestKit.ActionsAsync(ws.GraphQL));
        Assert.Equal(0, await ExportCountAsync(ws.GraphQL));
        Assert.Empty(FilesOf(ws.Id));
    }

    [SkippableFact]
    public async Task A_download_url_works_for_its_requester_only_and_another_workspace_sees_nothing()
    {
        api.SkipIfUnavailable();
        var a = await ExportTestKit.WorkspaceAsync(api);
        var b = await ExportTestKit.WorkspaceAsync(api);
        var ordersA = await PrivacyTestKit.PurposeAsync(a.GraphQL, "Orders", "CONTRACT");
        var ordersB = await PrivacyTestKit.PurposeAsync(b.GraphQL, "Orders", "CONTRACT");
        var (erika, _, _) = await ExportTestKit.SampleContactsAsync(a.GraphQL);
        await ExportTestKit.ContactAsync(b.GraphQL, new { kind = "PERSON", lastName = "Nur-in-B" });
        var secondClientOfA = api.WithToken(await api.TokenAsync(await api.CreateClientAsync(a.Id, ["export"])));

        var result = await ExportTestKit.ExportAsync(a.GraphQL, new { contactIds = new[] { erika }, fields = new[] { "LAST_NAME" }, purposeId = ordersA });
        var url = new Uri(result.GetProperty("result").GetProperty("download").GetProperty("url").GetString()!, UriKind.Relative);
        var exportId = result.GetProperty("result").GetProperty("export").GetProperty("id").GetString();
        var path = new Uri($"/exports/{exportId}/content", UriKind.Relative);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await a.Http.GetAsync(url)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await a.Http.GetAsync(path)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await secondClientOfA.GetAsync(url)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await b.Http.GetAsync(url)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await b.Http.GetAsync(path)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.Anonymous.GetAsync(new Uri(url.OriginalString[..^2] + "AA", UriKind.Relative))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await api.Anonymous.GetAsync(path)).StatusCode);

        var foreignIds = await ExportTestKit.ExportAsync(b.GraphQL, new { contactIds = new[] { erika }, fields = new[] { "LAST_NAME" }, purposeId = ordersB });
        var everything = await ExportTestKit.ExportAsync(b.GraphQL, new { where = new { lastName = new { neq = "" } }, fields = new[] { "LAST_NAME" }, purposeId = ordersB });
        Assert.Equal("""{"result":null,"errors":[{"__typename":"NotFoundError","message":"No Contact with the ID given for contactIds exists.","field":"contactIds"}]}""", foreignIds.GetRawText());
        Assert.Equal("lastName\r\nNur-in-B\r\n", Text(await ExportTestKit.DownloadAsync(api.Anonymous, everything)));
        Assert.Equal(1, await ExportCountAsync(b.GraphQL));
    }

    private static async Task<int> ExportCountAsync(GraphQLClient graphQL) =>
        (await graphQL.QueryAsync("{ exports { totalCount } }")).GetProperty("exports").GetProperty("totalCount").GetInt32();

    private IEnumerable<string> FilesOf(Guid workspaceId)
    {
        var folder = Path.GetDirectoryName(api.Services.GetRequiredService<ExportFiles>().PathOf(workspaceId, Guid.Empty))!;
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder) : [];
    }

    private static string Text(byte[] bytes) => new UTF8Encoding(false).GetString(bytes);
}

public sealed class SqliteExportTests(SqliteApi api) : ExportTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlExportTests(PostgresApi api) : ExportTests(api), IClassFixture<PostgresApi>;
