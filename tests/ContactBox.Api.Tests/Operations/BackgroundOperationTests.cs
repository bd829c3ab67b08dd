using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Attachments;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Realtime;
using ContactBox.Api.Tests.Support;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Operations;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.Tests.Operations;

/// <summary>
/// Exports and imports as background operations on the job scheduler: progress over a real WebSocket, results equal to
/// the synchronous runs, files uploaded earlier, error reports as signed downloads, cancellation and isolation.
/// </summary>
public abstract class BackgroundOperationTests(ApiHost api)
{
    private const string Operation = "id kind status processed total rejected error fileId fileExpiresAt errorReport { url expiresAt } errorReportExpiresAt";

    private const string ImportMutation = $$"""
        mutation ($input: ImportContactsInput!) {
          importContacts(input: $input) {
            result { dryRun committed rows created updated skipped rejected problems { line column reason } errorReportCsv }
            operation { {{Operation}} }
            errors { __typename ... on Error { message } ... on ValidationError { field } ... on NotFoundError { field } }
          }
        }
        """;

    private const string ImportResult = "... on ContactImportResult { dryRun committed rows created updated skipped rejected problems { line column reason } errorReportCsv }";

    /// <summary>A workspace with two requesters who are not admins (a and b) and an admin client.</summary>
    private async Task<(Guid Id, Requester A, Requester B, Requester Admin)> WorkspaceAsync()
    {
        api.SkipIfUnavailable();
        var id = await api.CreateWorkspaceAsync("Operations " + Guid.NewGuid().ToString("N")[..8]);
        var plain = AuthScopes.All.Where(s => s != AuthScopes.Admin).ToArray();
        return (id, await RequesterAsync(id, plain), await RequesterAsync(id, plain), await RequesterAsync(id, AuthScopes.All));
    }

    private async Task<Requester> RequesterAsync(Guid workspaceId, IReadOnlyCollection<string> scopes)
    {
        var token = await api.TokenAsync(await api.CreateClientAsync(workspaceId, scopes));
        var http = api.WithToken(token);
        return new Requester(token, http, new GraphQLClient(http));
    }

    [SkippableFact]
    public async Task A_large_export_runs_as_a_job_with_progress_events_and_a_working_download()
    {
        var (_, a, b, _) = await WorkspaceAsync();
        await ImportAsync(a, People(50), new { background = false, rowPolicy = "VALID_ROWS" });
        var purpose = await PrivacyTestKit.PurposeAsync(a.GraphQL, "Orders", "CONTRACT");
        await using var events = await SubscribedAsync(a.Token, "subscription { exportProgress { operationId kind status processed total operation { error result { ... on ExportContactsResult { export { contactCount } } } } } }");

        // The job reads the where filter as the request meant it: a string, an instant and an enum, nested in and.
        var where = new { and = new object[] { new { lastName = new { startsWith = "Person03" } }, new { createdAt = new { gte = "2020-01-01T00:00:00Z" } }, new { kind = new { eq = "PERSON" } } } };
        var payload = (await a.GraphQL.QueryAsync(
            """
            mutation ($input: ExportContactsInput!) {
              exportContacts(input: $input) { result { export { id } } operation { id kind status total } errors { __typename ... on Error { message } } }
            }
            """, new { input = new { where, fields = new[] { "LAST_NAME", "PRIMARY_EMAIL" }, purposeId = purpose } })).GetProperty("exportContacts");
        var operationId = payload.GetProperty("operation").GetProperty("id").GetString()!;
        var progress = await UntilFinishedAsync(events, "exportProgress");

        Assert.Equal($$"""{"result":null,"operation":{"id":"{{operationId}}","kind":"EXPORT","status":"QUEUED","total":10},"errors":null}""", payload.GetRawText());
        Assert.True(progress[^1].GetProperty("operation").GetProperty("error").ValueKind == JsonValueKind.Null, progress[^1].GetProperty("operation").GetProperty("error").ToString());
        Assert.Equal("""{"error":null,"result":{"export":{"contactCount":10}}}""", progress[^1].GetProperty("operation").GetRawText());
        AssertProgress(progress, operationId, "EXPORT", 10);

        // The download is the requester's: it works for them (and anonymously with the signed URL), not for a colleague.
        var url = (await a.GraphQL.QueryAsync("query ($id: ID!) { operation(id: $id) { result { ... on ExportContactsResult { download { url } } } } }", new { id = operationId }))
            .GetProperty("operation").GetProperty("result").GetProperty("download").GetProperty("url").GetString()!;
        using var download = await api.Anonymous.GetAsync(new Uri(url, UriKind.Relative));
        using var colleague = await b.Http.GetAsync(new Uri(url, UriKind.Relative));
        var expected = "lastName,email\r\n" + string.Concat(Enumerable.Range(30, 10).Select(i => $"Person{i:D3},p{i}@example.org\r\n"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (download.StatusCode, colleague.StatusCode));
        Assert.Equal(expected, await download.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_background_export_without_a_current_purpose_is_refused_before_it_is_queued()
    {
        var (_, a, _, _) = await WorkspaceAsync();
        await ImportAsync(a, People(3), new { background = false, rowPolicy = "VALID_ROWS" });

        var refused = await a.GraphQL.QueryAsync(
            """
            mutation ($input: ExportContactsInput!) {
              exportContacts(input: $input) { result { export { id } } operation { id } errors { __typename ... on PurposeRequiredError { field } } }
            }
            """, new { input = new { where = new { lastName = new { startsWith = "Person" } }, fields = new[] { "LAST_NAME" }, background = true } });
        var operations = await a.GraphQL.QueryAsync("{ operations(where: { kind: { eq: EXPORT } }) { totalCount } }");

        Assert.Equal("""{"exportContacts":{"result":null,"operation":null,"errors":[{"__typename":"PurposeRequiredError","field":"purposeId"}]}}""", refused.GetRawText());
        Assert.Equal("""{"operations":{"totalCount":0}}""", operations.GetRawText());
    }

    [SkippableFact]
    public async Task An_import_job_reports_progress_and_the_counts_of_the_same_synchronous_run()
    {
        var (_, a, _, _) = await WorkspaceAsync();
        var file = People(300, invalidAt: [17, 230]);
        var dryRun = (await ImportAsync(a, file, new { background = false, dryRun = true, rowPolicy = "VALID_ROWS" })).GetProperty("result");
        await using var events = await SubscribedAsync(a.Token, "subscription { importProgress { operationId kind status processed total } }");

        var queued = await ImportAsync(a, file, new { background = true, rowPolicy = "VALID_ROWS" });
        var operationId = queued.GetProperty("operation").GetProperty("id").GetString()!;
        var progress = await UntilFinishedAsync(events, "importProgress");
        var done = (await a.GraphQL.QueryAsync($"query ($id: ID!) {{ operation(id: $id) {{ status processed rejected result {{ {ImportResult} }} }} }}", new { id = operationId })).GetProperty("operation");

        Assert.Equal(JsonValueKind.Null, queued.GetProperty("result").ValueKind);
        Assert.Equal(("QUEUED", 300L), (queued.GetProperty("operation").GetProperty("status").GetString(), queued.GetProperty("operation").GetProperty("total").GetInt64()));
        AssertProgress(progress, operationId, "IMPORT_CONTACTS", 300);
        Assert.Equal(("SUCCEEDED", 300L, 2L), (done.GetProperty("status").GetString(), done.GetProperty("processed").GetInt64(), done.GetProperty("rejected").GetInt64()));
        Assert.Equal(dryRun.GetRawText().Replace("\"dryRun\":true,\"committed\":false", "\"dryRun\":false,\"committed\":true", StringComparison.Ordinal),
            done.GetProperty("result").GetRawText());
        Assert.Equal(298, await CountAsync(a.GraphQL));
    }

    [SkippableFact]
    public async Task A_timeline_import_runs_in_the_background_too()
    {
        var (_, a, _, _) = await WorkspaceAsync();
        await ImportAsync(a, People(2), new { background = false });
        await using var events = await SubscribedAsync(a.Token, "subscription { importProgress { operationId kind status processed total } }");
        const string Timeline = """
            mutation ($input: ImportTimelineInput!) {
              importTimeline(input: $input) { result { rows } operation { id kind status total } errors { __typename ... on Error { message } } }
            }
            """;
        // CR LF line ends, a subject quoted over two lines (LF) and a body over three (CR LF), a blank last line.
        var csv = "contactEmail,occurredAt,kind,subject,body\r\np0@example.org,2027-03-31T14:30:00Z,NOTE,\"Erst-\nkontakt\",\"Sie sagte:\r\n\"\"Gern\"\"\r\nEnde\"\r\n"
                  + "p1@example.org,31.03.2027 15:00,CALL,Rückruf,\r\nniemand@example.org,2027-04-01,NOTE,Wer?,\r\n\r\n";
        var response = await Multipart.SendAsync(a.Http, Timeline, new { input = new { file = (object?)null, background = true, rowPolicy = "VALID_ROWS" } },
            [("variables.input.file", "verlauf.csv", Encoding.UTF8.GetBytes(csv))]);
        var queued = response.Data.GetProperty("importTimeline");
        var operationId = queued.GetProperty("operation").GetProperty("id").GetString()!;

        var progress = await UntilFinishedAsync(events, "importProgress");
        var done = await WaitFinishedAsync(a, operationId, "... on TimelineImportResult { rows created rejected problems { line column } }");

        Assert.Equal($$"""{"result":null,"operation":{"id":"{{operationId}}","kind":"IMPORT_TIMELINE","status":"QUEUED","total":3},"errors":null}""", queued.GetRawText());
        AssertProgress(progress, operationId, "IMPORT_TIMELINE", 3);
        Assert.Equal("""{"status":"SUCCEEDED","result":{"rows":3,"created":2,"rejected":1,"problems":[{"line":7,"column":"contactEmail"}]}}""", done.GetRawText());
    }

    [SkippableFact]
    public async Task A_dry_run_keeps_its_file_and_the_real_run_starts_from_its_fileId_for_that_requester_only()
    {
        var (_, a, b, admin) = await WorkspaceAsync();
        var (_, other, _, _) = await WorkspaceAsync();
        var dryRun = await ImportAsync(a, People(12), new { background = false, dryRun = true });
        var fileId = dryRun.GetProperty("operation").GetProperty("fileId").GetString()!;

        var byColleague = await RunFromFileAsync(b, fileId, new { });
        var byAdmin = await RunFromFileAsync(admin, fileId, new { });
        var byOtherWorkspace = await RunFromFileAsync(other, fileId, new { });
        var both = await RunFromFileAsync(a, fileId, new { }, withFile: true);
        var real = await RunFromFileAsync(a, fileId, new { background = false });
        var again = await RunFromFileAsync(a, fileId, new { background = true });
        var afterJob = await WaitFinishedAsync(a, again.GetProperty("operation").GetProperty("id").GetString()!);

        var notFound = $$"""{"result":null,"operation":null,"errors":[{"__typename":"NotFoundError","message":"No ImportFile with the ID given for fileId exists.","field":"fileId"}]}""";
        Assert.Equal((notFound, notFound, notFound), (byColleague.GetRawText(), byAdmin.GetRawText(), byOtherWorkspace.GetRawText()));
        Assert.Equal("""[{"__typename":"ValidationError","message":"Give either file or fileId, not both.","field":"fileId"}]""", both.GetProperty("errors").GetRawText());
        Assert.Equal((12L, 12L, true), (real.GetProperty("result").GetProperty("rows").GetInt64(), real.GetProperty("result").GetProperty("created").GetInt64(), real.GetProperty("result").GetProperty("committed").GetBoolean()));
        Assert.Equal(dryRun.GetProperty("result").GetProperty("created").GetInt64(), real.GetProperty("result").GetProperty("created").GetInt64());
        Assert.Equal(fileId, real.GetProperty("operation").GetProperty("fileId").GetString());
        // The second real run from the same file finds every address taken: all 12 skipped (duplicates SKIP).
        Assert.Equal("""{"status":"SUCCEEDED","result":{"rows":12,"created":0,"skipped":12}}""", afterJob.GetRawText());
        Assert.Equal(12, await CountAsync(a.GraphQL));
        Assert.Equal(0, await CountAsync(other.GraphQL));
    }

    [SkippableFact]
    public async Task An_uploaded_file_expires_and_the_hourly_sweep_removes_it()
    {
        var (workspaceId, a, _, _) = await WorkspaceAsync();
        var dryRun = await ImportAsync(a, People(3), new { background = false, dryRun = true });
        var fileId = dryRun.GetProperty("operation").GetProperty("fileId").GetString()!;
        var files = api.Services.GetRequiredService<OperationFiles>();
        var path = files.SourcePath(workspaceId, OperationIdOf(fileId));
        var facts = files.FactsPath(workspaceId, OperationIdOf(fileId));
        var expiresAt = DateTimeOffset.Parse(dryRun.GetProperty("operation").GetProperty("fileExpiresAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(File.Exists(path) && File.Exists(facts));
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));

        // The sweep as the scheduler runs it, a day later.
        var sweep = new OperationFileSweepJob(api.Services.GetRequiredService<IServiceScopeFactory>(), files,
            api.Services.GetRequiredService<IOptions<OperationOptions>>(), new Later(TimeSpan.FromHours(25)));
        var swept = await sweep.SweepAsync(CancellationToken.None);
        var afterwards = await RunFromFileAsync(a, fileId, new { });

        Assert.True(swept >= 1);
        Assert.False(File.Exists(path) || File.Exists(facts));
        Assert.Equal("""{"result":null,"operation":null,"errors":[{"__typename":"ValidationError","message":"The file uploaded earlier is kept no longer (see fileExpiresAt); upload it again.","field":"fileId"}]}""",
            afterwards.GetRawText());
    }

    [SkippableFact]
    public async Task The_sweep_leaves_an_expired_file_that_a_running_import_reads_and_removes_it_after()
    {
        var (workspaceId, a, _, _) = await WorkspaceAsync();
        var files = api.Services.GetRequiredService<OperationFiles>();
        var sweep = new OperationFileSweepJob(api.Services.GetRequiredService<IServiceScopeFactory>(), files,
            api.Services.GetRequiredService<IOptions<OperationOptions>>(), new Later(TimeSpan.FromHours(25)));
        // Earlier tests' uploads go first: forgetting them is a write, which on SQLite would wait for the held import.
        await sweep.SweepAsync(CancellationToken.None);
        api.Services.GetRequiredService<OperationPause>().Pause(workspaceId);
        await using var events = await SubscribedAsync(a.Token, "subscription { importProgress { operationId status processed } }");
        var queued = await ImportAsync(a, People(20_000), new { });
        var operationId = queued.GetProperty("operation").GetProperty("id").GetString()!;
        var path = files.SourcePath(workspaceId, OperationIdOf(queued.GetProperty("operation").GetProperty("fileId").GetString()!));
        JsonElement running;
        do
        {
            running = Event(await events.ReceiveAsync(TimeSpan.FromMinutes(2)), "importProgress");
        }
        while (running.GetProperty("processed").GetInt64() == 0);

        // A day later the upload has expired, but the import (held by the pause) reads it in place.
        int sweptWhileRunning;
        bool keptWhileRunning;
        try
        {
            sweptWhileRunning = await sweep.SweepAsync(CancellationToken.None);
            keptWhileRunning = File.Exists(path);
        }
        finally
        {
            await CancelAsync(a, operationId);
        }

        var progress = await UntilFinishedAsync(events, "importProgress");
        var sweptAfter = await sweep.SweepAsync(CancellationToken.None);

        Assert.Equal((0, true), (sweptWhileRunning, keptWhileRunning));
        Assert.Equal("CANCELLED", progress[^1].GetProperty("status").GetString());
        Assert.Equal((1, false), (sweptAfter, File.Exists(path)));
    }

    [SkippableFact]
    public async Task The_error_report_downloads_byte_exact_for_its_requester_until_it_expires()
    {
        var (_, a, b, _) = await WorkspaceAsync();
        var (_, other, _, _) = await WorkspaceAsync();
        var payload = await ImportAsync(a, People(5, invalidAt: [1, 3]), new { background = false, rowPolicy = "VALID_ROWS" });
        var expected = payload.GetProperty("result").GetProperty("errorReportCsv").GetString()!;
        var url = new Uri(payload.GetProperty("operation").GetProperty("errorReport").GetProperty("url").GetString()!, UriKind.Relative);
        var operationId = payload.GetProperty("operation").GetProperty("id").GetString()!;

        using var signed = await api.Anonymous.GetAsync(url);
        using var withBearer = await a.Http.GetAsync(new Uri($"/operations/{operationId}/error-report", UriKind.Relative));
        using var colleague = await b.Http.GetAsync(url);
        using var colleagueBearer = await b.Http.GetAsync(new Uri($"/operations/{operationId}/error-report", UriKind.Relative));
        using var otherWorkspace = await other.Http.GetAsync(url);
        using var otherWorkspaceBearer = await other.Http.GetAsync(new Uri($"/operations/{operationId}/error-report", UriKind.Relative));
        var text = url.OriginalString;
        using var forged = await api.Anonymous.GetAsync(new Uri(text[..^3] + (text[^3] == 'A' ? "B" : "A") + text[^2..], UriKind.Relative));

        Assert.Equal((HttpStatusCode.OK, "text/csv"), (signed.StatusCode, signed.Content.Headers.ContentType!.MediaType));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), await signed.Content.ReadAsByteArrayAsync());
        Assert.Equal(Encoding.UTF8.GetBytes(expected), await withBearer.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("line,column,reason\r\n3,email,", expected, StringComparison.Ordinal);
        Assert.Equal(3, expected.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            (colleague.StatusCode, colleagueBearer.StatusCode, otherWorkspace.StatusCode, otherWorkspaceBearer.StatusCode, forged.StatusCode));

        // URLs live 5 seconds on this host (whole seconds, so at most 6).
        await Task.Delay(TimeSpan.FromSeconds(7));
        using var expired = await api.Anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
    }

    [SkippableFact]
    public async Task An_error_report_is_removed_after_its_retention_and_then_answers_gone()
    {
        var (workspaceId, a, _, _) = await WorkspaceAsync();
        var withProblems = await ImportAsync(a, People(4, invalidAt: [2]), new { background = false, rowPolicy = "VALID_ROWS" });
        var clean = await ImportAsync(a, People(2), new { background = false, dryRun = true });
        var operation = withProblems.GetProperty("operation");
        var operationId = operation.GetProperty("id").GetString()!;
        var files = api.Services.GetRequiredService<OperationFiles>();
        var path = files.ErrorReportPath(workspaceId, GlobalId.Parse(operationId, "BackgroundOperation", "id"));
        var finished = await a.GraphQL.QueryAsync($$"""{ node(id: "{{operationId}}") { ... on BackgroundOperation { finishedAt errorReportExpiresAt } } }""");
        var finishedAt = DateTimeOffset.Parse(finished.GetProperty("node").GetProperty("finishedAt").GetString()!, CultureInfo.InvariantCulture);
        var expiresAt = DateTimeOffset.Parse(finished.GetProperty("node").GetProperty("errorReportExpiresAt").GetString()!, CultureInfo.InvariantCulture);
        var sweep = new OperationFileSweepJob(api.Services.GetRequiredService<IServiceScopeFactory>(), files,
            api.Services.GetRequiredService<IOptions<OperationOptions>>(), new Later(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5)));
        await sweep.SweepAsync(CancellationToken.None);
        var keptBeforeRetention = File.Exists(path);

        // The sweep as the scheduler runs it, a week and an hour later.
        sweep = new OperationFileSweepJob(api.Services.GetRequiredService<IServiceScopeFactory>(), files,
            api.Services.GetRequiredService<IOptions<OperationOptions>>(), new Later(TimeSpan.FromDays(7) + TimeSpan.FromHours(1)));
        await sweep.SweepAsync(CancellationToken.None);
        using var gone = await a.Http.GetAsync(new Uri($"/operations/{operationId}/error-report", UriKind.Relative));
        using var signedGone = await api.Anonymous.GetAsync(new Uri(operation.GetProperty("errorReport").GetProperty("url").GetString()!, UriKind.Relative));

        Assert.Equal(TimeSpan.FromDays(7), expiresAt - finishedAt);
        Assert.Equal(JsonValueKind.Null, clean.GetProperty("operation").GetProperty("errorReportExpiresAt").ValueKind);
        Assert.True(keptBeforeRetention);
        Assert.False(File.Exists(path));
        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.Gone), (gone.StatusCode, signedGone.StatusCode));
        Assert.Contains("The error report was removed after the retention period.", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_background_contact_import_carries_its_files_row_count_as_total_from_the_start()
    {
        var (_, a, _, _) = await WorkspaceAsync();
        await using var events = await SubscribedAsync(a.Token, "subscription { importProgress { operationId kind status processed total } }");
        var byPosition = new[] { new { column = "1", field = "FIRST_NAME" }, new { column = "2", field = "LAST_NAME" }, new { column = "3", field = "EMAIL" } };
        var files = new (string Name, string Csv, object Options, long Rows)[]
        {
            ("a header, LF", People(40), new { background = true }, 40),
            ("no header, CR LF", People(25).Replace("\n", "\r\n", StringComparison.Ordinal)["firstName,lastName,email\r\n".Length..],
                new { background = true, hasHeader = false, mapping = byPosition }, 25),
            ("quoted fields over several lines, CR LF and LF, blank lines at the end",
                "Vorname;Nachname;Straße;E-Mail\r\n\"Erika\";\"Müller\";\"Hauptstr. 1\r\nHinterhaus\";\"erika@example.org\"\n"
                + "Hans;\"Weiß\";\"Am \"\"Tor\"\"\n3\n\";hans@example.org\nJo;Ohne;;\r\n\r\n\n", new { background = true, rowPolicy = "VALID_ROWS" }, 3),
            ("a ragged row (too many fields) and a short one, no line break at the end",
                "firstName,lastName,email\nErika,Müller,erika@example.org,zu viel\nHans\nJo,Ohne,jo@example.org", new { background = true, rowPolicy = "VALID_ROWS" }, 3),
        };

        foreach (var (name, csv, options, rows) in files)
        {
            var queued = (await ImportAsync(a, csv, options)).GetProperty("operation");
            var operationId = queued.GetProperty("id").GetString()!;
            var progress = await UntilFinishedAsync(events, "importProgress");
            var done = (await a.GraphQL.QueryAsync($"query ($id: ID!) {{ operation(id: $id) {{ status processed total result {{ ... on ContactImportResult {{ rows }} }} }} }}",
                new { id = operationId })).GetProperty("operation");

            Assert.True(queued.GetProperty("total").ValueKind == JsonValueKind.Number && queued.GetProperty("total").GetInt64() == rows, $"{name}: queued with {queued}");
            AssertProgress(progress, operationId, "IMPORT_CONTACTS", rows);
            Assert.Equal($$$"""{"status":"SUCCEEDED","processed":{{{rows}}},"total":{{{rows}}},"result":{"rows":{{{rows}}}}}""", done.GetRawText());
        }
    }

    [SkippableFact]
    public async Task A_file_uploaded_earlier_gets_the_same_total_when_it_is_imported_by_fileId()
    {
        var (workspaceId, a, _, _) = await WorkspaceAsync();
        var csv = "firstName,lastName,email\r\nErika,\"Mül\r\nler\",erika@example.org\r\n" + People(20)["firstName,lastName,email\n".Length..];
        var dryRun = (await ImportAsync(a, csv, new { background = false, dryRun = true, rowPolicy = "VALID_ROWS" })).GetProperty("operation");
        var fileId = dryRun.GetProperty("fileId").GetString()!;
        await using var events = await SubscribedAsync(a.Token, "subscription { importProgress { operationId kind status processed total } }");

        var queued = (await RunFromFileAsync(a, fileId, new { background = true, rowPolicy = "VALID_ROWS" })).GetProperty("operation");
        var progress = await UntilFinishedAsync(events, "importProgress");
        // The header is decided per run: read without one, the header row is a (rejected) data row.
        var headerless = (await RunFromFileAsync(a, fileId, new { background = false, dryRun = true, hasHeader = false, rowPolicy = "VALID_ROWS",
            mapping = new[] { new { column = "1", field = "FIRST_NAME" }, new { column = "3", field = "EMAIL" } } })).GetProperty("operation");

        Assert.Equal((21L, 21L), (dryRun.GetProperty("total").GetInt64(), dryRun.GetProperty("processed").GetInt64()));
        Assert.Equal(("QUEUED", 21L), (queued.GetProperty("status").GetString(), queued.GetProperty("total").GetInt64()));
        AssertProgress(progress, queued.GetProperty("id").GetString()!, "IMPORT_CONTACTS", 21);
        Assert.Equal((22L, 22L), (headerless.GetProperty("total").GetInt64(), headerless.GetProperty("processed").GetInt64()));

        // The count comes from the facts saved beside the kept file; a file kept without them is read once for them.
        var facts = api.Services.GetRequiredService<OperationFiles>().FactsPath(workspaceId, OperationIdOf(fileId));
        Assert.True(File.Exists(facts));
        File.Delete(facts);
        var withoutFacts = (await RunFromFileAsync(a, fileId, new { background = false, dryRun = true, rowPolicy = "VALID_ROWS" })).GetProperty("operation");
        Assert.Equal(21L, withoutFacts.GetProperty("total").GetInt64());
    }

    [SkippableFact]
    public async Task A_header_only_file_expects_no_rows_and_fails_as_empty()
    {
        var (_, a, _, _) = await WorkspaceAsync();
        await using var events = await SubscribedAsync(a.Token, "subscription { importProgress { status processed total } }");

        var queued = (await ImportAsync(a, "firstName,lastName,email\r\n\r\n", new { background = true })).GetProperty("operation");
        var progress = await UntilFinishedAsync(events, "importProgress");
        var done = (await a.GraphQL.QueryAsync("query ($id: ID!) { operation(id: $id) { status processed total error } }", new { id = queued.GetProperty("id").GetString() })).GetProperty("operation");

        Assert.Equal(0, queued.GetProperty("total").GetInt64());
        Assert.Equal(["""{"status":"RUNNING","processed":0,"total":0}""", """{"status":"FAILED","processed":0,"total":0}"""], progress.Select(e => e.GetRawText()));
        Assert.Equal("""{"status":"FAILED","processed":0,"total":0,"error":"The file has a header but no rows."}""", done.GetRawText());
    }

    [SkippableFact]
    public async Task A_file_with_broken_quoting_runs_without_a_total_and_processed_ends_at_its_rows()
    {
        var (_, a, _, _) = await WorkspaceAsync();
        await using var events = await SubscribedAsync(a.Token, "subscription { importProgress { operationId kind status processed total } }");
        // A quote inside an unquoted field: the reader rejects that row and reads on line by line, where a count
        // taking the quote as opening a field would see fewer rows than it reads.
        var csv = People(30).Replace("Test,Person007,", "Test,Per\"son007\n,", StringComparison.Ordinal);

        var queued = (await ImportAsync(a, csv, new { background = true, rowPolicy = "VALID_ROWS" })).GetProperty("operation");
        var progress = await UntilFinishedAsync(events, "importProgress");
        var done = (await a.GraphQL.QueryAsync($"query ($id: ID!) {{ operation(id: $id) {{ status processed total rejected result {{ ... on ContactImportResult {{ rows }} }} }} }}",
            new { id = queued.GetProperty("id").GetString() })).GetProperty("operation");

        Assert.Equal(JsonValueKind.Null, queued.GetProperty("total").ValueKind);
        AssertProgress(progress, queued.GetProperty("id").GetString()!, "IMPORT_CONTACTS", null, expectedProcessed: 31);
        Assert.Equal("""{"status":"SUCCEEDED","processed":31,"total":null,"rejected":2,"result":{"rows":31}}""", done.GetRawText());
    }

    [SkippableFact]
    public async Task Cancelling_a_running_import_rolls_it_back_and_ends_it_as_cancelled()
    {
        var (workspaceId, a, b, _) = await WorkspaceAsync();
        api.Services.GetRequiredService<OperationPause>().Pause(workspaceId);
        await using var events = await SubscribedAsync(a.Token, "subscription { importProgress { operationId status processed } }");
        var queued = await ImportAsync(a, People(20_000), new { });
        var operationId = queued.GetProperty("operation").GetProperty("id").GetString()!;

        // Wait until rows are being read (the pause holds the import there), then cancel (first a colleague, who may not).
        JsonElement running;
        do
        {
            running = Event(await events.ReceiveAsync(TimeSpan.FromMinutes(2)), "importProgress");
        }
        while (running.GetProperty("processed").GetInt64() == 0);

        var byColleague = await CancelAsync(b, operationId);
        var cancelled = await CancelAsync(a, operationId);
        var progress = await UntilFinishedAsync(events, "importProgress");
        var again = await CancelAsync(a, operationId);
        var final = (await a.GraphQL.QueryAsync("query ($id: ID!) { operation(id: $id) { status cancelRequested error result { __typename } } }", new { id = operationId })).GetProperty("operation");

        Assert.Equal(JsonValueKind.Null, queued.GetProperty("result").ValueKind);
        Assert.Equal($$"""{"operation":null,"errors":[{"__typename":"NotFoundError","message":"No BackgroundOperation with the ID given for id exists."}]}""", byColleague.GetRawText());
        Assert.Equal((operationId, true), (cancelled.GetProperty("operation").GetProperty("id").GetString(), cancelled.GetProperty("operation").GetProperty("cancelRequested").GetBoolean()));
        Assert.Equal("CANCELLED", progress[^1].GetProperty("status").GetString());
        Assert.Equal("""{"status":"CANCELLED","cancelRequested":true,"error":null,"result":null}""", final.GetRawText());
        Assert.Equal("""[{"__typename":"ValidationError","message":"The operation has ended (CANCELLED); there is nothing to cancel."}]""", again.GetProperty("errors").GetRawText());
        Assert.Equal(0, await CountAsync(a.GraphQL));
    }

    [SkippableFact]
    public async Task Operations_and_their_events_belong_to_their_requester_and_the_workspace_admins()
    {
        var (_, a, b, admin) = await WorkspaceAsync();
        var (_, other, _, otherAdmin) = await WorkspaceAsync();
        await using var forA = await SubscribedAsync(a.Token, "subscription { operationProgress { operationId status } }");
        await using var forB = await SubscribedAsync(b.Token, "subscription { operationProgress { operationId status } }");
        await using var forAdmin = await SubscribedAsync(admin.Token, "subscription { operationProgress { operationId status } }");
        await using var forOtherAdmin = await SubscribedAsync(otherAdmin.Token, "subscription { operationProgress { operationId status } }");

        var operationId = (await ImportAsync(a, People(30), new { background = true })).GetProperty("operation").GetProperty("id").GetString()!;
        var seenByA = await UntilFinishedAsync(forA, "operationProgress");
        var seenByAdmin = await UntilFinishedAsync(forAdmin, "operationProgress");

        const string Query = "query ($id: ID!) { operation(id: $id) { id } node(id: $id) { id } operations { totalCount } }";
        var asA = await a.GraphQL.QueryAsync(Query, new { id = operationId });
        var asB = await b.GraphQL.QueryAsync(Query, new { id = operationId });
        var asAdmin = await admin.GraphQL.QueryAsync(Query, new { id = operationId });
        var asOther = await other.GraphQL.QueryAsync(Query, new { id = operationId });
        var asOtherAdmin = await otherAdmin.GraphQL.QueryAsync(Query, new { id = operationId });

        Assert.Equal((operationId, "SUCCEEDED"), (seenByA[^1].GetProperty("operationId").GetString(), seenByA[^1].GetProperty("status").GetString()));
        Assert.Equal(seenByA.Select(e => e.GetRawText()), seenByAdmin.Select(e => e.GetRawText()));
        await forB.AssertSilentAsync(TimeSpan.FromMilliseconds(500));
        await forOtherAdmin.AssertSilentAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal($$$"""{"operation":{"id":"{{{operationId}}}"},"node":{"id":"{{{operationId}}}"},"operations":{"totalCount":1}}""", asA.GetRawText());
        Assert.Equal($$$"""{"operation":{"id":"{{{operationId}}}"},"node":{"id":"{{{operationId}}}"},"operations":{"totalCount":1}}""", asAdmin.GetRawText());
        const string Nothing = """{"operation":null,"node":null,"operations":{"totalCount":0}}""";
        Assert.Equal((Nothing, Nothing, Nothing), (asB.GetRawText(), asOther.GetRawText(), asOtherAdmin.GetRawText()));
    }

    private static void AssertProgress(List<JsonElement> events, string operationId, string kind, long? total, long? expectedProcessed = null)
    {
        Assert.All(events, e => Assert.Equal((operationId, kind), (e.GetProperty("operationId").GetString(), e.GetProperty("kind").GetString())));
        Assert.Equal(("RUNNING", 0L), (events[0].GetProperty("status").GetString(), events[0].GetProperty("processed").GetInt64()));
        Assert.All(events[..^1], e => Assert.Equal("RUNNING", e.GetProperty("status").GetString()));
        var counts = events.Select(e => e.GetProperty("processed").GetInt64()).ToList();
        Assert.Equal(counts.Order(), counts);
        Assert.Equal(("SUCCEEDED", expectedProcessed ?? total), (events[^1].GetProperty("status").GetString(), (long?)events[^1].GetProperty("processed").GetInt64()));
        Assert.All(events, e => Assert.Equal(total, e.GetProperty("total").ValueKind == JsonValueKind.Null ? null : e.GetProperty("total").GetInt64()));
    }

    private static async Task<JsonElement> ImportAsync(Requester requester, string csv, object options)
    {
        var input = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(options))!;
        input["file"] = null;
        var response = await Multipart.SendAsync(requester.Http, ImportMutation, new { input }, [("variables.input.file", "kontakte.csv", Encoding.UTF8.GetBytes(csv))]);
        Assert.True(response.Errors is null, $"Unexpected errors: {response.Body}");
        var payload = response.Data.GetProperty("importContacts");
        Assert.True(payload.GetProperty("errors").ValueKind == JsonValueKind.Null, payload.GetRawText());
        return payload;
    }

    private static async Task<JsonElement> RunFromFileAsync(Requester requester, string fileId, object options, bool withFile = false)
    {
        var input = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(options))!;
        input["fileId"] = fileId;
        if (withFile)
        {
            input["file"] = null;
            var response = await Multipart.SendAsync(requester.Http, ImportMutation, new { input }, [("variables.input.file", "kontakte.csv", Encoding.UTF8.GetBytes(People(1)))]);
            return response.Data.GetProperty("importContacts");
        }

        return (await requester.GraphQL.QueryAsync(ImportMutation, new { input })).GetProperty("importContacts");
    }

    private static async Task<JsonElement> WaitFinishedAsync(Requester requester, string operationId, string result = "... on ContactImportResult { rows created skipped }")
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(2); ; await Task.Delay(100))
        {
            var operation = (await requester.GraphQL.QueryAsync(
                $"query ($id: ID!) {{ operation(id: $id) {{ status result {{ {result} }} }} }}", new { id = operationId })).GetProperty("operation");
            if (operation.GetProperty("status").GetString() is not ("QUEUED" or "RUNNING") || DateTime.UtcNow > deadline)
            {
                return operation;
            }
        }
    }

    private static async Task<JsonElement> CancelAsync(Requester requester, string operationId) =>
        (await requester.GraphQL.QueryAsync(
            "mutation ($input: CancelOperationInput!) { cancelOperation(input: $input) { operation { id cancelRequested } errors { __typename ... on Error { message } } } }",
            new { input = new { id = operationId } })).GetProperty("cancelOperation");

    private async Task<GraphQLWebSocketClient> SubscribedAsync(string token, string query)
    {
        var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, token);
        await client.SubscribeAsync("s", query);
        // The subscription is registered once its subscribe message has been handled; a ping round trip proves that.
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());
        await Task.Delay(200);
        return client;
    }

    /// <summary>Every event of the subscription up to and including the one that ends the operation.</summary>
    private static async Task<List<JsonElement>> UntilFinishedAsync(GraphQLWebSocketClient client, string field)
    {
        var events = new List<JsonElement>();
        while (events.Count == 0 || events[^1].GetProperty("status").GetString() is "RUNNING" or "QUEUED")
        {
            events.Add(Event(await client.ReceiveAsync(TimeSpan.FromMinutes(2)), field));
        }

        return events;
    }

    private static JsonElement Event(JsonElement message, string field)
    {
        Assert.True(message.GetProperty("type").GetString() == "next", $"Expected next, got {message}");
        return message.GetProperty("payload").GetProperty("data").GetProperty(field);
    }

    private static async Task<int> CountAsync(GraphQLClient graphQL) =>
        (await graphQL.QueryAsync("{ contacts(first: 1) { totalCount } }")).GetProperty("contacts").GetProperty("totalCount").GetInt32();

    /// <summary>firstName,lastName,email rows "Test PersonNNN"; the rows at <paramref name="invalidAt"/> have an invalid address.</summary>
    private static string People(int count, int[]? invalidAt = null)
    {
        var csv = new StringBuilder("firstName,lastName,email\n");
        for (var i = 0; i < count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Test,Person{i:D3},{(invalidAt?.Contains(i) == true ? "kein-at-zeichen" : $"p{i}@example.org")}\n");
        }

        return csv.ToString();
    }

    private static Guid OperationIdOf(string fileId) => Guid.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(fileId)).Split(':')[1]);

    private sealed record Requester(string Token, HttpClient Http, GraphQLClient GraphQL);

    private sealed class Later(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}

public sealed class SqliteBackgroundOperationTests(SqliteOperationsApi api) : BackgroundOperationTests(api), IClassFixture<SqliteOperationsApi>;

public sealed class PostgreSqlBackgroundOperationTests(PostgresOperationsApi api) : BackgroundOperationTests(api), IClassFixture<PostgresOperationsApi>;
