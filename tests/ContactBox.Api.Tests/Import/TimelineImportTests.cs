using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Import;

public abstract class TimelineImportTests(ApiHost api)
{
    private const string History = "E-Mail;Datum;Art;Richtung;Betreff;Notiz\n"
                                   + "anna@example.org;31.03.2027 14:30;Anruf;eingehend;Rückruf;Wegen Angebot\n"
                                   + "anna@example.org;2027-04-01T09:00:00Z;EMAIL;;Angebot;\n"
                                   + "niemand@example.org;2027-04-02;Notiz;;Wer?;\n"
                                   + "anna@example.org;32.13.2027;Notiz;;Falsches Datum;\n"
                                   + "anna@example.org;2027-04-03;Fax;;;Unbekannte Art\n"
                                   + "anna@example.org;2027-04-04;Notiz;;;\n";

    private async Task<ImportWorkspace> WorkspaceWithAnnaAsync()
    {
        api.SkipIfUnavailable();
        var ws = await ImportWorkspace.CreateAsync(api);
        await ws.ImportAsync("firstName,lastName,email\nAnna,Alt,anna@example.org\n");
        return ws;
    }

    [SkippableFact]
    public async Task History_rows_are_appended_to_the_contacts_they_name_and_every_other_row_is_reported()
    {
        var ws = await WorkspaceWithAnnaAsync();

        var payload = await ws.ImportTimelineAsync(History, new { rowPolicy = "VALID_ROWS" });

        Assert.Equal((6L, 2L, 0L, 0L, 4L, true), payload.Counts());
        Assert.Equal("""[{"column":"E-Mail","field":"CONTACT_EMAIL"},{"column":"Datum","field":"OCCURRED_AT"},{"column":"Art","field":"KIND"},{"column":"Richtung","field":"DIRECTION"},"""
                     + """{"column":"Betreff","field":"SUBJECT"},{"column":"Notiz","field":"BODY"}]""", payload.GetProperty("result").GetProperty("mapping").GetRawText());
        Assert.Equal("""[{"line":4,"column":"E-Mail","reason":"No contact has the e-mail address 'niemand@example.org'."},"""
                     + """{"line":5,"column":"Datum","reason":"'32.13.2027' is not a date: use 2027-03-31 14:30 or 31.03.2027 14:30."},"""
                     + """{"line":6,"column":"Art","reason":"'Fax' is not a kind of entry: use NOTE, CALL, EMAIL, MEETING or LETTER (Notiz, Anruf, E-Mail, Termin, Brief)."},"""
                     + """{"line":7,"column":"Betreff","reason":"A timeline entry needs a subject or a body."}]""", payload.Problems());
        var timeline = await ws.GraphQL.QueryAsync("""{ contacts(first: 1) { nodes { timeline(first: 10) { nodes { kind direction subject body occurredAt } } } } }""");
        Assert.Equal("""[{"kind":"EMAIL","direction":null,"subject":"Angebot","body":null,"occurredAt":"2027-04-01T09:00:00+00:00"},"""
                     + """{"kind":"CALL","direction":"INBOUND","subject":"Rückruf","body":"Wegen Angebot","occurredAt":"2027-03-31T12:30:00+00:00"}]""",
            timeline.GetProperty("contacts").GetProperty("nodes")[0].GetProperty("timeline").GetProperty("nodes").GetRawText());
    }

    [SkippableFact]
    public async Task An_all_or_nothing_history_import_with_a_rejected_row_appends_nothing_and_a_dry_run_matches_the_real_run()
    {
        var ws = await WorkspaceWithAnnaAsync();

        var failed = await ws.ImportTimelineAsync(History);
        var dry = await ws.ImportTimelineAsync(History, new { rowPolicy = "VALID_ROWS", dryRun = true });
        var empty = await ws.GraphQL.QueryAsync("{ contacts(first: 1) { nodes { timeline(first: 10) { totalCount } } } }");
        var real = await ws.ImportTimelineAsync(History, new { rowPolicy = "VALID_ROWS" });

        Assert.Equal((6L, 2L, 0L, 0L, 4L, false), failed.Counts());
        Assert.Equal((6L, 2L, 0L, 0L, 4L, false), dry.Counts());
        Assert.Equal(0, empty.GetProperty("contacts").GetProperty("nodes")[0].GetProperty("timeline").GetProperty("totalCount").GetInt32());
        Assert.Equal((6L, 2L, 0L, 0L, 4L, true), real.Counts());
        Assert.Equal(dry.Problems(), real.Problems());
    }
}

public sealed class SqliteTimelineImportTests(SqliteApi api) : TimelineImportTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlTimelineImportTests(PostgresApi api) : TimelineImportTests(api), IClassFixture<PostgresApi>;
