using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Import;

public abstract class ContactImportTests(ApiHost api)
{
    private async Task<ImportWorkspace> WorkspaceAsync()
    {
        api.SkipIfUnavailable();
        return await ImportWorkspace.CreateAsync(api);
    }

    [SkippableFact]
    public async Task A_German_Excel_file_in_Windows_1252_with_semicolons_imports_with_the_suggested_mapping_source_and_audit()
    {
        var ws = await WorkspaceAsync();
        var csv = "Anrede;Vorname;Nachname;E-Mail;Telefon;Straße;PLZ;Ort;Geburtstag;Schlagworte\r\n"
                  + "Frau;Jürgen;Müller;juergen@example.de;+49 30 123456;Hauptstraße 1;10115;Berlin;31.03.1980;Kunde, Messe\r\n"
                  + "Herr;Erika;Größe;erika@example.de;;;;;1975-12-01;\r\n";

        // The test writes the file: its process needs the code pages whether or not the API's importer has run yet.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var payload = await ws.ImportAsync(csv, new { }, Encoding.GetEncoding(1252));
        var result = payload.GetProperty("result");

        Assert.Equal((2L, 2L, 0L, 0L, 0L, true), payload.Counts());
        Assert.Equal((";", "WINDOWS_1252", true), (result.GetProperty("separator").GetString(), result.GetProperty("encoding").GetString(), result.GetProperty("hasHeader").GetBoolean()));
        Assert.Equal("""[{"column":"Anrede","field":"SALUTATION"},{"column":"Vorname","field":"FIRST_NAME"},{"column":"Nachname","field":"LAST_NAME"},{"column":"E-Mail","field":"EMAIL"},"""
                     + """{"column":"Telefon","field":"PHONE"},{"column":"Straße","field":"STREET"},{"column":"PLZ","field":"POSTAL_CODE"},{"column":"Ort","field":"CITY"},"""
                     + """{"column":"Geburtstag","field":"BIRTHDAY"},{"column":"Schlagworte","field":"TAGS"}]""", result.GetProperty("mapping").GetRawText());
        Assert.Equal(["Erika Größe <erika@example.de>", "Jürgen Müller <juergen@example.de> [Kunde,Messe]"], await ws.ContactsAsync());

        var detail = await ws.GraphQL.QueryAsync("""{ contacts(first: 1, where: {lastName: {eq: "Müller"}}) { nodes { salutation birthday phones { number } addresses { street postalCode city country } } } }""");
        Assert.Equal("""[{"salutation":"MS","birthday":"1980-03-31","phones":[{"number":"+49 30 123456"}],"addresses":[{"street":"Hauptstraße 1","postalCode":"10115","city":"Berlin","country":"DE"}]}]""",
            detail.GetProperty("contacts").GetProperty("nodes").GetRawText());

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        var sources = await db.ContactPrivacy.IgnoreQueryFilters().Where(p => p.WorkspaceId == ws.Id)
            .Join(db.ContactSourceTypes.IgnoreQueryFilters(), p => p.SourceTypeId, t => t.Id, (p, t) => new { t.Name, p.SourceDetail }).ToListAsync();
        Assert.Equal(["Import kontakte.csv", "Import kontakte.csv"], sources.Select(s => $"{s.Name} {s.SourceDetail}"));
        var audit = await db.AuditRecords.IgnoreQueryFilters().Where(r => r.WorkspaceId == ws.Id && r.Action == AuditAction.ContactsImported).ToListAsync();
        var details = JsonDocument.Parse(Assert.Single(audit).Details).RootElement;
        Assert.Equal((result.GetProperty("sha256").GetString(), 2L, 2L, 0L), (details.GetProperty("sha256").GetString(), details.GetProperty("rows").GetInt64(),
            details.GetProperty("created").GetInt64(), details.GetProperty("rejected").GetInt64()));
    }

    [SkippableFact]
    public async Task A_plain_RFC_4180_file_with_the_contact_field_names_as_headers_imports_with_the_suggestions_alone()
    {
        var ws = await WorkspaceAsync();
        var csv = "\uFEFFkind,firstName,lastName,organizationName,email,phone,street,postalCode,city,country,tags\r\n"
                  + "PERSON,Anna,Alt,,anna@example.org,,\"Weg 2, Hinterhaus\",80331,München,DE,\"a,b\"\r\n"
                  + "ORGANIZATION,,,Muster GmbH,info@muster.example,,,,,,\r\n";

        var payload = await ws.ImportAsync(csv);

        Assert.Equal((2L, 2L, 0L, 0L, 0L, true), payload.Counts());
        Assert.Equal((",", "UTF_8"), (payload.GetProperty("result").GetProperty("separator").GetString(), payload.GetProperty("result").GetProperty("encoding").GetString()));
        Assert.Equal(["Anna Alt <anna@example.org> [a,b]", "Muster GmbH <info@muster.example>"], await ws.ContactsAsync());
    }

    [SkippableFact]
    public async Task All_or_nothing_writes_nothing_and_reports_every_rejected_row_with_line_column_and_reason()
    {
        var ws = await WorkspaceAsync();
        var csv = "Vorname,Nachname,E-Mail,Geburtstag\n"
                  + "Anna,Alt,anna@example.org,\n"
                  + "Bernd,Bad,kein-at-zeichen,\n"
                  + ",,ohne@name.example,\n"
                  + "Carla,Datum,carla@example.org,31.02.1980\n"
                  + "Dora,Zuviel,dora@example.org,,extra\n";

        var payload = await ws.ImportAsync(csv, new { rowPolicy = "ALL_OR_NOTHING" });

        Assert.Equal((5L, 1L, 0L, 0L, 4L, false), payload.Counts());
        Assert.Equal("""[{"line":3,"column":"E-Mail","reason":"'kein-at-zeichen' is not a valid e-mail address."},"""
                     + """{"line":4,"column":"Nachname","reason":"A person needs a first or a last name."},"""
                     + """{"line":5,"column":"Geburtstag","reason":"'31.02.1980' is not a date: use 2027-03-31 or 31.03.2027."},"""
                     + """{"line":6,"column":null,"reason":"The row could not be read as CSV: it has a different number of fields than the header"}]""", payload.Problems());
        Assert.Equal("line,column,reason\r\n3,E-Mail,'kein-at-zeichen' is not a valid e-mail address.\r\n4,Nachname,A person needs a first or a last name.\r\n"
                     + "5,Geburtstag,'31.02.1980' is not a date: use 2027-03-31 or 31.03.2027.\r\n6,,The row could not be read as CSV: it has a different number of fields than the header\r\n",
            payload.GetProperty("result").GetProperty("errorReportCsv").GetString());
        Assert.Empty(await ws.ContactsAsync());
    }

    [SkippableFact]
    public async Task Valid_rows_writes_the_valid_rows_and_the_counts_add_up_to_the_rows_of_the_file()
    {
        var ws = await WorkspaceAsync();
        var csv = "firstName;lastName;email\n"
                  + "Anna;Alt;anna@example.org\n"
                  + "Bernd;Bad;nope\n"
                  + "\"Carla;Quote\";x\"y;carla@example.org\n"
                  + "Dora;Dorn;dora@example.org\n";

        var payload = await ws.ImportAsync(csv, new { rowPolicy = "VALID_ROWS" });

        var (rows, created, updated, skipped, rejected, committed) = payload.Counts();
        Assert.Equal((4L, 2L, 0L, 0L, 2L, true), (rows, created, updated, skipped, rejected, committed));
        Assert.Equal(rows, created + updated + skipped + rejected);
        Assert.Equal([3L, 4L], payload.GetProperty("result").GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("line").GetInt64()));
        Assert.Equal(["Anna Alt <anna@example.org>", "Dora Dorn <dora@example.org>"], await ws.ContactsAsync());
    }

    [SkippableFact]
    public async Task A_dry_run_reports_what_the_real_run_then_does_and_writes_nothing()
    {
        var ws = await WorkspaceAsync();
        await ws.ImportAsync("firstName,lastName,email\nAnna,Alt,anna@example.org\n");
        var csv = "firstName,lastName,email\nAnna,Neu,anna@example.org\nBen,Berg,ben@example.org\nBen,Zwilling,ben@example.org\nX,Y,bad\n";
        var options = new { duplicates = "UPDATE", rowPolicy = "VALID_ROWS" };

        var dry = await ws.ImportAsync(csv, new { options.duplicates, options.rowPolicy, dryRun = true });
        var afterDry = await ws.ContactsAsync();
        var real = await ws.ImportAsync(csv, options);

        Assert.Equal((4L, 1L, 2L, 0L, 1L, false), dry.Counts());
        Assert.Equal(["Anna Alt <anna@example.org>"], afterDry);
        Assert.Equal((4L, 1L, 2L, 0L, 1L, true), real.Counts());
        Assert.Equal(dry.Problems(), real.Problems());
        Assert.Equal(["Anna Neu <anna@example.org>", "Ben Zwilling <ben@example.org>"], await ws.ContactsAsync());
    }

    [SkippableFact]
    public async Task Duplicates_by_e_mail_are_skipped_updated_or_created_anyway_as_the_policy_says()
    {
        var ws = await WorkspaceAsync();
        await ws.ImportAsync("firstName,lastName,email,tags\nAnna,Alt,anna@example.org,alt\n");
        const string again = "firstName,lastName,email,tags\nAnna,Anders,anna@example.org,neu\n";

        var skip = await ws.ImportAsync(again, new { duplicates = "SKIP" });
        var afterSkip = await ws.ContactsAsync();
        var update = await ws.ImportAsync(again, new { duplicates = "UPDATE" });
        var afterUpdate = await ws.ContactsAsync();
        var create = await ws.ImportAsync(again, new { duplicates = "CREATE_ANYWAY" });

        Assert.Equal((1L, 0L, 0L, 1L, 0L, true), skip.Counts());
        Assert.Equal(["Anna Alt <anna@example.org> [alt]"], afterSkip);
        Assert.Equal((1L, 0L, 1L, 0L, 0L, true), update.Counts());
        Assert.Equal(["Anna Anders <anna@example.org> [alt,neu]"], afterUpdate);
        Assert.Equal((1L, 1L, 0L, 0L, 0L, true), create.Counts());
        Assert.Equal(["Anna Anders <anna@example.org> [alt,neu]", "Anna Anders <anna@example.org> [neu]"], await ws.ContactsAsync());
    }

    [SkippableFact]
    public async Task A_purpose_chosen_for_the_import_is_assigned_to_every_new_contact_beside_the_source_Import()
    {
        var ws = await WorkspaceAsync();
        var created = await ws.GraphQL.MutateAsync("""mutation { createProcessingPurpose(input: {name: "Newsletter", legalBasis: LEGITIMATE_INTERESTS, retentionDays: 365, dataCategories: ["e-mail"]}) { purpose { id } errors { __typename } } }""",
            "createProcessingPurpose", "purpose");
        var purposeId = created.GetProperty("id").GetString();

        var payload = await ws.ImportAsync("firstName,lastName,email\nAnna,Alt,anna@example.org\n", new { purposeId, legalBasis = "CONTRACT" });
        var consent = await ws.ImportAsync("firstName,lastName,email\nBen,Berg,ben@example.org\n", new { purposeId, legalBasis = "CONSENT" });
        var privacy = await ws.GraphQL.QueryAsync("{ contacts(first: 5) { nodes { privacy { source { type { name } detail } purposes { legalBasis purpose { name } } } } } }");

        Assert.Equal((1L, 1L, 0L, 0L, 0L, true), payload.Counts());
        Assert.Equal("ValidationError consent: Processing based on consent needs when (consent.givenAt) and how (consent.evidence) it was given.", consent.Error());
        Assert.Equal("""[{"privacy":{"source":{"type":{"name":"Import"},"detail":"kontakte.csv"},"purposes":[{"legalBasis":"CONTRACT","purpose":{"name":"Newsletter"}}]}}]""",
            privacy.GetProperty("contacts").GetProperty("nodes").GetRawText());
    }

    [SkippableFact]
    public async Task Another_workspace_s_contact_with_the_same_address_is_no_duplicate()
    {
        var mine = await WorkspaceAsync();
        var theirs = await WorkspaceAsync();
        await theirs.ImportAsync("firstName,lastName,email\nTheo,Theirs,same@example.org\n");

        var payload = await mine.ImportAsync("firstName,lastName,email\nMia,Mine,same@example.org\n", new { duplicates = "SKIP" });

        Assert.Equal((1L, 1L, 0L, 0L, 0L, true), payload.Counts());
        Assert.Equal(["Mia Mine <same@example.org>"], await mine.ContactsAsync());
        Assert.Equal(["Theo Theirs <same@example.org>"], await theirs.ContactsAsync());
    }

    [SkippableFact]
    public async Task An_explicit_mapping_reads_a_file_without_a_header_by_column_number()
    {
        var ws = await WorkspaceAsync();
        var mapping = new[] { new { column = "2", field = "LAST_NAME" }, new { column = "1", field = "FIRST_NAME" }, new { column = "3", field = "EMAIL" } };

        var payload = await ws.ImportAsync("Anna|Alt|anna@example.org\nBen|Berg|ben@example.org\n", new { mapping, hasHeader = false, separator = "|" });

        Assert.Equal((2L, 2L, 0L, 0L, 0L, true), payload.Counts());
        Assert.Equal(["Anna Alt <anna@example.org>", "Ben Berg <ben@example.org>"], await ws.ContactsAsync());
    }

    [SkippableFact]
    public async Task Bad_files_get_a_typed_error_naming_what_is_wrong_and_nothing_is_written()
    {
        var ws = await WorkspaceAsync();
        var binary = new byte[4096];
        new Random(7).NextBytes(binary);
        binary[10] = 0;

        Assert.Equal("ValidationError file: The file is empty (0 bytes).", (await ws.ImportBytesAsync([])).Error());
        Assert.Equal("ValidationError file: The file is not a CSV text file (it contains binary data).", (await ws.ImportBytesAsync(binary)).Error());
        Assert.Equal("ValidationError file: The file has a header but no rows.", (await ws.ImportAsync("Vorname;Nachname;E-Mail\r\n")).Error());
        Assert.Equal("ValidationError mapping: No column is mapped to a name (firstName, lastName or organizationName). The file's columns: 1; is ',' the right separator?",
            (await ws.ImportAsync("Vorname:Nachname:E-Mail\nAnna:Alt:anna@example.org\n", new { separator = "," })).Error());
        Assert.Equal("ValidationError mapping[0].column: The file has no column 'Name'. Its columns: Vorname, Nachname.",
            (await ws.ImportAsync("Vorname,Nachname\nAnna,Alt\n", new { mapping = new[] { new { column = "Name", field = "LAST_NAME" } } })).Error());
        Assert.Equal("ValidationError separator: separator must be one character.", (await ws.ImportAsync("a,b\n", new { separator = ";;" })).Error());
        Assert.Empty(await ws.ContactsAsync());
    }

    [SkippableFact]
    public async Task An_unclosed_quote_rejects_the_rest_of_the_file_as_one_unreadable_row_and_the_server_keeps_serving()
    {
        var ws = await WorkspaceAsync();
        var csv = "firstName,lastName\nAnna,Alt\n\"Ben,Berg\nCarla,Claus\n";

        var payload = await ws.ImportAsync(csv, new { rowPolicy = "VALID_ROWS" });

        Assert.Equal((2L, 1L, 0L, 0L, 1L, true), payload.Counts());
        Assert.Equal("""[{"line":3,"column":null,"reason":"The row could not be read as CSV: a quoted field is never closed"}]""", payload.Problems());
        Assert.Equal(["Anna Alt <>"], await ws.ContactsAsync());
    }
}

public sealed class SqliteContactImportTests(SqliteApi api) : ContactImportTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlContactImportTests(PostgresApi api) : ContactImportTests(api), IClassFixture<PostgresApi>;
