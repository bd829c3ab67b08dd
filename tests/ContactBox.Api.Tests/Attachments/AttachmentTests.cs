using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Attachments;

public abstract class AttachmentTests(ApiHost api)
{
    private async Task<AttachmentWorkspace> WorkspaceAsync()
    {
        api.SkipIfUnavailable();
        return await AttachmentWorkspace.CreateAsync(api);
    }

    [SkippableFact]
    public async Task An_upload_is_stored_with_its_detected_type_and_hash_and_listed_on_its_owner_and_in_storage()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var pdf = SampleFiles.Pdf(100_000);

        var payload = await ws.UploadAsync(contactId, "Angebot 2027.pdf", pdf, "Das Angebot");
        var attachment = payload.GetProperty("attachment");
        var id = attachment.GetProperty("id").GetString()!;
        var listed = await ws.GraphQL.QueryAsync(
            "query ($id: ID!) { node(id: $id) { ... on Contact { attachments(first: 5) { totalCount nodes { id fileName } } } } }", new { id = contactId });
        var node = await ws.GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { ... on Attachment { fileName uploadedAt } } }", new { id });

        Assert.Equal("null", payload.GetProperty("errors").GetRawText());
        Assert.Equal(("Angebot 2027.pdf", "application/pdf", 100_000L, SampleFiles.Sha256(pdf), "Das Angebot", contactId),
            (attachment.GetProperty("fileName").GetString(), attachment.GetProperty("contentType").GetString(), attachment.GetProperty("sizeBytes").GetInt64(),
             attachment.GetProperty("sha256").GetString(), attachment.GetProperty("description").GetString(), attachment.GetProperty("ownerId").GetString()));
        Assert.Equal($$$"""{"attachments":{"totalCount":1,"nodes":[{"id":"{{{id}}}","fileName":"Angebot 2027.pdf"}]}}""", listed.GetProperty("node").GetRawText());
        Assert.Equal("Angebot 2027.pdf", node.GetProperty("node").GetProperty("fileName").GetString());
        Assert.Equal("""{"usedBytes":100000,"limitBytes":10737418240,"attachmentCount":1}""", (await ws.StorageAsync()).GetRawText());
        Assert.Equal([SampleFiles.Sha256(pdf)], ws.Files(api).Blobs);
        Assert.Empty(ws.Files(api).Staging);
    }

    [SkippableFact]
    public async Task Several_files_in_one_request_go_to_a_timeline_entry_an_appointment_and_a_follow_up_in_any_part_order()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var entryId = await new TestData(ws.GraphQL).TimelineEntryAsync(contactId, "Anruf", "2026-11-01T10:00:00Z");
        var followUpId = (await ws.GraphQL.MutateAsync("mutation ($c: ID!) { createFollowUp(input: {contactId: $c, dueAt: \"2027-01-01T09:00:00Z\", subject: \"Nachfassen\"}) { followUp { id } errors { __typename } } }",
            "createFollowUp", "followUp", new { c = contactId })).GetProperty("id").GetString();
        var appointmentId = (await ws.GraphQL.MutateAsync("mutation { createAppointment(input: {title: \"Termin\", startsAt: \"2027-01-02T09:00:00Z\", endsAt: \"2027-01-02T10:00:00Z\"}) { appointment { id } errors { __typename } } }",
            "createAppointment", "appointment")).GetProperty("id").GetString();
        const string query = """
            mutation ($a: Upload!, $b: Upload!, $c: Upload!, $e: ID!, $f: ID!, $p: ID!) {
              one: uploadAttachment(input: {ownerId: $e, file: $a}) { attachment { fileName sizeBytes } errors { __typename } }
              two: uploadAttachment(input: {ownerId: $f, file: $b}) { attachment { fileName sizeBytes } errors { __typename } }
              three: uploadAttachment(input: {ownerId: $p, file: $c}) { attachment { fileName sizeBytes } errors { __typename } }
            }
            """;

        // The file parts arrive in reverse order: the first mutation's file is the last part.
        var response = await Multipart.SendAsync(ws.Http, query, new { a = (object?)null, b = (object?)null, c = (object?)null, e = entryId, f = followUpId, p = appointmentId },
            [("variables.a", "a.png", SampleFiles.Png(1000, 1)), ("variables.b", "b.txt", "Hallo Welt"u8.ToArray()), ("variables.c", "c.pdf", SampleFiles.Pdf(3000, 3))], reverseFiles: true);
        var onOwners = await ws.GraphQL.QueryAsync(
            "query ($e: ID!, $f: ID!, $p: ID!) { e: node(id: $e) { ... on TimelineEntry { attachments { nodes { fileName } } } } f: node(id: $f) { ... on FollowUp { attachments { nodes { fileName } } } } p: node(id: $p) { ... on Appointment { attachments { nodes { contentType } } } } }",
            new { e = entryId, f = followUpId, p = appointmentId });

        Assert.True(response.Errors is null, response.Body.GetRawText());
        Assert.Equal("""{"one":{"attachment":{"fileName":"a.png","sizeBytes":1000},"errors":null},"two":{"attachment":{"fileName":"b.txt","sizeBytes":10},"errors":null},"three":{"attachment":{"fileName":"c.pdf","sizeBytes":3000},"errors":null}}""",
            response.Data.GetRawText());
        Assert.Equal("""{"e":{"attachments":{"nodes":[{"fileName":"a.png"}]}},"f":{"attachments":{"nodes":[{"fileName":"b.txt"}]}},"p":{"attachments":{"nodes":[{"contentType":"application/pdf"}]}}}""",
            onOwners.GetRawText());
        Assert.Empty(ws.Files(api).Staging);
    }

    [SkippableFact]
    public async Task A_multipart_request_without_the_preflight_header_is_refused_before_anything_is_read()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();

        var response = await Multipart.SendAsync(ws.Http, AttachmentWorkspace.Upload, new { input = new { ownerId = contactId, file = (object?)null } },
            [("variables.input.file", "a.pdf", SampleFiles.Pdf(1000))], preflight: false);

        Assert.Equal((HttpStatusCode.BadRequest, "A multipart/form-data request needs the header 'GraphQL-Preflight: 1' (CSRF protection)."), (response.Status, response.FirstErrorMessage));
        Assert.Equal(0, (await ws.StorageAsync()).GetProperty("attachmentCount").GetInt32());
    }

    [SkippableFact]
    public async Task A_malformed_multipart_request_is_refused_with_what_is_wrong()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var variables = new { input = new { ownerId = contactId, file = (object?)null } };

        var badPath = await Multipart.SendAsync(ws.Http, AttachmentWorkspace.Upload, variables, [("variables.nothing.file", "a.pdf", SampleFiles.Pdf(100))]);
        var notVariables = await Multipart.SendAsync(ws.Http, AttachmentWorkspace.Upload, variables, [("query", "a.pdf", SampleFiles.Pdf(100))]);
        var unmapped = await Multipart.SendAsync(ws.Http, AttachmentWorkspace.Upload, variables, []);
        // 4 files of 256 KiB at most (and the JSON parts): a body of 4 MB is refused before any of it is read.
        var tooLarge = await Multipart.SendAsync(ws.Http, AttachmentWorkspace.Upload, variables, [("variables.input.file", "huge.pdf", SampleFiles.Pdf(4_000_000))]);
        var literal = await ws.GraphQL.SendAsync($$"""mutation { uploadAttachment(input: {ownerId: "{{contactId}}", file: "abc"}) { errors { __typename } } }""");

        Assert.Equal((HttpStatusCode.BadRequest, "The map path 'variables.nothing.file' names no placeholder in the variables."), (badPath.Status, badPath.FirstErrorMessage));
        Assert.Equal((HttpStatusCode.BadRequest, "The map path 'query' must start with 'variables.'."), (notVariables.Status, notVariables.FirstErrorMessage));
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_VALUE"), (unmapped.Status, unmapped.FirstErrorCode));
        Assert.Equal((HttpStatusCode.BadRequest, "ARGUMENTS_OF_CORRECT_TYPE"), (literal.Status, literal.FirstErrorCode));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE", "The request is larger than 3407872 bytes (4 files of at most 262144 bytes)."),
            (tooLarge.Status, tooLarge.FirstErrorCode, tooLarge.FirstErrorMessage));
        Assert.Equal(0, (await ws.StorageAsync()).GetProperty("attachmentCount").GetInt32());
    }

    [SkippableFact]
    public async Task Each_limit_answers_with_its_typed_error_and_stores_nothing()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        await ws.UploadAsync(contactId, "first.pdf", SampleFiles.Pdf(100_000, 1));

        var tooLarge = await ws.UploadAsync(contactId, "big.pdf", SampleFiles.Pdf((int)AttachmentSettings.MaxFileBytes + 1, 2));
        await ws.SetQuotaAsync(api, 150_000);
        var overQuota = await ws.UploadAsync(contactId, "second.pdf", SampleFiles.Pdf(60_000, 3));
        var html = await ws.UploadAsync(contactId, "harmless.pdf", "<!DOCTYPE html><script>alert(1)</script>"u8.ToArray());
        var binary = await ws.UploadAsync(contactId, "tool.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]);
        var empty = await ws.UploadAsync(contactId, "empty.txt", []);
        var wrongOwner = await ws.UploadAsync(Relay("Member", Guid.NewGuid()), "x.pdf", SampleFiles.Pdf(10));
        var missingOwner = await ws.UploadAsync(Relay("Contact", Guid.NewGuid()), "x.pdf", SampleFiles.Pdf(10));

        Assert.Equal("""[{"__typename":"FileTooLargeError","message":"The file is larger than the maximum of 262144 bytes.","maxBytes":262144}]""", tooLarge.GetProperty("errors").GetRawText());
        Assert.Equal("""[{"__typename":"QuotaExceededError","message":"The file does not fit into the workspace's storage: 100000 of 150000 bytes are used.","limitBytes":150000,"usedBytes":100000}]""", overQuota.GetProperty("errors").GetRawText());
        Assert.Equal("""{"__typename":"UnsupportedContentTypeError","detectedContentType":"text/html"}""", Typed(html, "detectedContentType"));
        Assert.Equal("""{"__typename":"UnsupportedContentTypeError","detectedContentType":"application/octet-stream"}""", Typed(binary, "detectedContentType"));
        Assert.Equal("""[{"__typename":"ValidationError","message":"The file is empty.","field":"file"}]""", empty.GetProperty("errors").GetRawText());
        Assert.Equal("""[{"__typename":"ValidationError","message":"ownerId must be the ID of a Contact, TimelineEntry, Appointment or FollowUp.","field":"ownerId"}]""", wrongOwner.GetProperty("errors").GetRawText());
        Assert.Equal("NotFoundError", missingOwner.GetProperty("errors")[0].GetProperty("__typename").GetString());
        Assert.Equal("""{"usedBytes":100000,"limitBytes":150000,"attachmentCount":1}""", (await ws.StorageAsync()).GetRawText());
        Assert.Equal((1, 0), (ws.Files(api).Blobs.Length, ws.Files(api).Staging.Length));
    }

    [SkippableFact]
    public async Task Parallel_uploads_racing_for_the_last_bytes_of_the_quota_never_exceed_it()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        // Room for exactly five of the twelve files.
        await ws.SetQuotaAsync(api, 5 * 20_000 + 19_999);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => ws.UploadAsync(contactId, $"f{i}.pdf", SampleFiles.Pdf(20_000, 100 + i))));

        var errors = results.Where(r => r.GetProperty("errors").ValueKind != JsonValueKind.Null).Select(r => r.GetProperty("errors")[0].GetProperty("__typename").GetString()).ToList();
        Assert.Equal(Enumerable.Repeat("QuotaExceededError", 7), errors);
        Assert.Equal("""{"usedBytes":100000,"limitBytes":119999,"attachmentCount":5}""", (await ws.StorageAsync()).GetRawText());
        Assert.Equal((5, 0), (ws.Files(api).Blobs.Length, ws.Files(api).Staging.Length));
    }

    [SkippableFact]
    public async Task Hostile_file_names_are_cleaned_and_sent_back_safely_in_content_disposition()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var longName = new string('x', 1000) + ".pdf";
        string[] names = ["../../etc/passwd.txt", "..\\..\\windows\\win.ini.txt", "evil\r\nSet-Cookie: a=b.txt", "\u202Eexe.txt", "..", "Übersicht \"Q3\" ✓.txt", longName];

        var stored = new List<string>();
        foreach (var name in names)
        {
            stored.Add((await ws.UploadAsync(contactId, name, Encoding.UTF8.GetBytes("text " + name))).GetProperty("attachment").GetProperty("fileName").GetString()!);
        }

        var special = (await ws.UploadAsync(contactId, "Übersicht \"Q3\" ✓.txt", "Umlaute"u8.ToArray())).GetProperty("attachment");
        using var download = await ws.Http.GetAsync(special.GetProperty("contentPath").GetString());

        Assert.Equal(["passwd.txt", "win.ini.txt", "evilSet-Cookie_ a=b.txt", "exe.txt", "file", "Übersicht _Q3_ ✓.txt", new string('x', 251) + ".pdf"], stored);
        Assert.Equal("attachment; filename=\"_bersicht _Q3_ _.txt\"; filename*=UTF-8''%C3%9Cbersicht%20_Q3_%20%E2%9C%93.txt",
            download.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal("Umlaute", await download.Content.ReadAsStringAsync());
        // Names never reach the disk: blobs are named by their hash.
        Assert.All(ws.Files(api).Blobs, blob => Assert.Matches("^[0-9a-f]{64}$", blob));
    }

    [SkippableFact]
    public async Task Downloads_work_with_the_bearer_token_and_with_a_signed_url_and_answer_range_requests()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var pdf = SampleFiles.Pdf(50_000, 7);
        var id = (await ws.UploadAsync(contactId, "Vertrag.pdf", pdf)).GetProperty("attachment").GetProperty("id").GetString();
        var download = (await ws.GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { ... on Attachment { contentPath download { url expiresAt } } } }", new { id })).GetProperty("node");

        using var withBearer = await ws.Http.GetAsync(download.GetProperty("contentPath").GetString());
        using var signed = await api.Anonymous.GetAsync(download.GetProperty("download").GetProperty("url").GetString());
        using var range = new HttpRequestMessage(HttpMethod.Get, download.GetProperty("download").GetProperty("url").GetString());
        range.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var partial = await api.Anonymous.SendAsync(range);
        using var anonymous = await api.Anonymous.GetAsync(download.GetProperty("contentPath").GetString());
        var tampered = download.GetProperty("download").GetProperty("url").GetString()!;
        using var forged = await api.Anonymous.GetAsync(tampered[..^3] + (tampered[^3] == 'A' ? "B" : "A") + tampered[^2..]);
        // The URL was made for the first client: another client of the same workspace that presents its token gets nothing.
        using var colleague = api.WithToken(await api.TokenAsync(await api.CreateClientAsync(ws.Id, Domain.Auth.AuthScopes.All)));
        using var otherRequester = await colleague.GetAsync(tampered);

        Assert.Equal((HttpStatusCode.OK, "application/pdf", "nosniff"), (withBearer.StatusCode, withBearer.Content.Headers.ContentType!.MediaType, withBearer.Headers.GetValues("X-Content-Type-Options").Single()));
        Assert.Equal(pdf, await withBearer.Content.ReadAsByteArrayAsync());
        Assert.Equal(pdf, await signed.Content.ReadAsByteArrayAsync());
        Assert.Equal((HttpStatusCode.PartialContent, "bytes 1000-1999/50000"), (partial.StatusCode, partial.Content.Headers.ContentRange!.ToString()));
        Assert.Equal(pdf[1000..2000], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (forged.StatusCode, otherRequester.StatusCode));
        Assert.InRange(DateTimeOffset.Parse(download.GetProperty("download").GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow,
            TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.1));
    }

    [SkippableFact]
    public async Task Another_workspace_finds_neither_the_attachment_nor_its_file()
    {
        var ws = await WorkspaceAsync();
        var other = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var id = (await ws.UploadAsync(contactId, "geheim.pdf", SampleFiles.Pdf(5000, 9))).GetProperty("attachment").GetProperty("id").GetString();
        var url = (await ws.GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { ... on Attachment { contentPath download { url } } } }", new { id })).GetProperty("node");

        var node = await other.GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { id } }", new { id });
        using var content = await other.Http.GetAsync(url.GetProperty("contentPath").GetString());
        using var signedWithOtherToken = await other.Http.GetAsync(url.GetProperty("download").GetProperty("url").GetString());
        var delete = await other.GraphQL.QueryAsync("mutation ($id: ID!) { deleteAttachment(input: {id: $id}) { errors { __typename } } }", new { id });
        var upload = await other.UploadAsync(contactId, "x.pdf", SampleFiles.Pdf(10));

        Assert.Equal("""{"node":null}""", node.GetRawText());
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (content.StatusCode, signedWithOtherToken.StatusCode));
        Assert.Equal("""{"deleteAttachment":{"errors":[{"__typename":"NotFoundError"}]}}""", delete.GetRawText());
        Assert.Equal("NotFoundError", upload.GetProperty("errors")[0].GetProperty("__typename").GetString());
        Assert.Equal(1, (await ws.StorageAsync()).GetProperty("attachmentCount").GetInt32());
    }

    [SkippableFact]
    public async Task Identical_files_are_stored_once_and_the_file_goes_with_the_last_attachment_that_uses_it()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var pdf = SampleFiles.Pdf(30_000, 11);
        var first = (await ws.UploadAsync(contactId, "a.pdf", pdf)).GetProperty("attachment").GetProperty("id").GetString();
        var second = (await ws.UploadAsync(contactId, "b.pdf", pdf, "copy")).GetProperty("attachment").GetProperty("id").GetString();
        var afterUploads = (ws.Files(api).Blobs.Length, (await ws.StorageAsync()).GetRawText());

        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { deleteAttachment(input: {id: $id}) { attachment { fileName } errors { __typename } } }", "deleteAttachment", "attachment", new { id = first });
        var afterFirst = (ws.Files(api).Blobs.Length, (await ws.StorageAsync()).GetRawText());
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { deleteAttachment(input: {id: $id}) { attachment { fileName } errors { __typename } } }", "deleteAttachment", "attachment", new { id = second });
        var afterSecond = (ws.Files(api).Blobs.Length, (await ws.StorageAsync()).GetRawText());

        Assert.Equal((1, """{"usedBytes":60000,"limitBytes":10737418240,"attachmentCount":2}"""), afterUploads);
        Assert.Equal((1, """{"usedBytes":30000,"limitBytes":10737418240,"attachmentCount":1}"""), afterFirst);
        Assert.Equal((0, """{"usedBytes":0,"limitBytes":10737418240,"attachmentCount":0}"""), afterSecond);
    }

    [SkippableFact]
    public async Task DeleteTimelineEntry_deletes_the_entry_s_attachments_and_files()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var entryId = await new TestData(ws.GraphQL).TimelineEntryAsync(contactId, "Mit Anhang", "2026-11-03T10:00:00Z");
        await ws.UploadAsync(entryId, "protokoll.pdf", SampleFiles.Pdf(1500, 61));

        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { deleteTimelineEntry(input: {id: $id}) { timelineEntry { id } errors { __typename } } }", "deleteTimelineEntry", "timelineEntry", new { id = entryId });

        Assert.Equal("""{"usedBytes":0,"limitBytes":10737418240,"attachmentCount":0}""", (await ws.StorageAsync()).GetRawText());
        Assert.Empty(ws.Files(api).Blobs);
    }

    [SkippableFact]
    public async Task A_file_deleted_inside_a_transaction_goes_only_when_the_transaction_commits()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        await ws.UploadAsync(contactId, "tx.pdf", SampleFiles.Pdf(1000, 51));
        await ws.UploadAsync(contactId, "rolled-back.pdf", SampleFiles.Pdf(1000, 52));

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        db.Workspace.Set(ws.Id, null);
        await using (var rolledBack = await db.Database.BeginTransactionAsync())
        {
            db.Attachments.Remove(await db.Attachments.SingleAsync(a => a.FileName == "rolled-back.pdf"));
            await db.SaveChangesAsync();
            await rolledBack.RollbackAsync();
        }

        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Attachments.Remove(await db.Attachments.SingleAsync(a => a.FileName == "tx.pdf"));
        await db.SaveChangesAsync();
        var beforeCommit = ws.Files(api).Blobs.Length;
        await transaction.CommitAsync();

        Assert.Equal(2, beforeCommit);
        Assert.Equal([SampleFiles.Sha256(SampleFiles.Pdf(1000, 52))], ws.Files(api).Blobs);
    }

    [SkippableFact]
    public async Task DeleteContact_deletes_its_attachments_those_of_its_timeline_and_follow_ups_and_their_files()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var keptId = await ws.ContactIdAsync();
        var entryId = await new TestData(ws.GraphQL).TimelineEntryAsync(contactId, "Notiz", "2026-11-02T10:00:00Z");
        var followUpId = (await ws.GraphQL.MutateAsync("mutation ($c: ID!) { createFollowUp(input: {contactId: $c, dueAt: \"2027-01-01T09:00:00Z\", subject: \"s\"}) { followUp { id } errors { __typename } } }",
            "createFollowUp", "followUp", new { c = contactId })).GetProperty("id").GetString()!;
        await ws.UploadAsync(contactId, "direct.pdf", SampleFiles.Pdf(1000, 21));
        await ws.UploadAsync(entryId, "entry.pdf", SampleFiles.Pdf(1000, 22));
        await ws.UploadAsync(followUpId, "followup.pdf", SampleFiles.Pdf(1000, 23));
        await ws.UploadAsync(keptId, "kept.pdf", SampleFiles.Pdf(1000, 24));

        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { deleteContact(input: {id: $id}) { contact { id } errors { __typename } } }", "deleteContact", "contact", new { id = contactId });

        Assert.Equal("""{"usedBytes":1000,"limitBytes":10737418240,"attachmentCount":1}""", (await ws.StorageAsync()).GetRawText());
        Assert.Equal([SampleFiles.Sha256(SampleFiles.Pdf(1000, 24))], ws.Files(api).Blobs);
    }

    [SkippableFact]
    public async Task Erasure_removes_the_contacts_attachments_and_files_after_the_access_report_listed_them()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var keptId = await ws.ContactIdAsync();
        var entryId = await new TestData(ws.GraphQL).TimelineEntryAsync(contactId, "Notiz", "2026-11-02T10:00:00Z");
        await ws.UploadAsync(contactId, "ausweis.pdf", SampleFiles.Pdf(1000, 31));
        await ws.UploadAsync(entryId, "gespraech.pdf", SampleFiles.Pdf(2000, 32));
        await ws.UploadAsync(keptId, "kept.pdf", SampleFiles.Pdf(1000, 33));
        await ws.UploadAsync(keptId, "same-as-erased.pdf", SampleFiles.Pdf(2000, 32));

        var report = await ws.GraphQL.QueryAsync("query ($id: ID!) { dataSubjectReport(contactId: $id) { attachments { fileName contentType size } } }", new { id = contactId });
        var receipt = await ws.GraphQL.MutateAsync(
            "mutation ($id: ID!) { eraseContact(input: {id: $id, reason: \"Art. 17 request\"}) { receipt { removed { kind count } } errors { __typename } } }",
            "eraseContact", "receipt", new { id = contactId });

        Assert.Equal(
            """{"dataSubjectReport":{"attachments":[{"fileName":"ausweis.pdf","contentType":"application/pdf","size":1000},{"fileName":"gespraech.pdf","contentType":"application/pdf","size":2000}]}}""",
            report.GetRawText());
        Assert.Equal("""{"kind":"attachments","count":2}""", receipt.GetProperty("removed")[1].GetRawText()); // sorted by kind
        Assert.Equal("""{"usedBytes":3000,"limitBytes":10737418240,"attachmentCount":2}""", (await ws.StorageAsync()).GetRawText());
        Assert.Equal(
            new[] { SampleFiles.Sha256(SampleFiles.Pdf(1000, 33)), SampleFiles.Sha256(SampleFiles.Pdf(2000, 32)) }.Order(StringComparer.Ordinal),
            ws.Files(api).Blobs.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task An_upload_aborted_by_the_client_leaves_neither_a_row_nor_a_file()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var operations = JsonSerializer.Serialize(new { query = AttachmentWorkspace.Upload, variables = new { input = new { ownerId = contactId, file = (object?)null } } });
        using var aborted = new CancellationTokenSource();
        var body = new AbortingContent(operations, () => ws.Files(api).Staging.Length > 0, aborted);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = body };
        request.Headers.Add("GraphQL-Preflight", "1");

        // A plain client: the test server's client would buffer the whole body before sending it.
        using var direct = new HttpClient { BaseAddress = api.BaseAddress };
        direct.DefaultRequestHeaders.Authorization = ws.Http.DefaultRequestHeaders.Authorization;

        await Assert.ThrowsAnyAsync<Exception>(() => direct.SendAsync(request, aborted.Token));
        var staging = await EventuallyAsync(() => ws.Files(api).Staging.Length == 0);

        Assert.True(body.SawStaging, "The upload never reached the store.");
        Assert.True(staging, "The staging file of the aborted upload is still there.");
        Assert.Equal("""{"usedBytes":0,"limitBytes":10737418240,"attachmentCount":0}""", (await ws.StorageAsync()).GetRawText());
        Assert.Empty(ws.Files(api).Blobs);
    }

    [SkippableFact]
    public async Task The_sweep_removes_stale_staging_files_and_blobs_no_row_refers_to_and_keeps_the_rest()
    {
        var ws = await WorkspaceAsync();
        var contactId = await ws.ContactIdAsync();
        var kept = SampleFiles.Pdf(2000, 31);
        await ws.UploadAsync(contactId, "kept.pdf", kept);
        var root = AttachmentWorkspace.StoreRoot(api);
        var orphan = new string('a', 64);
        Directory.CreateDirectory(Path.Combine(root, "blobs", ws.Id.ToString("N"), "aa"));
        await File.WriteAllTextAsync(Path.Combine(root, "blobs", ws.Id.ToString("N"), "aa", orphan), "left by a crash");
        var stale = Path.Combine(root, "staging", "crashed.part");
        var fresh = Path.Combine(root, "staging", "running.part");
        await File.WriteAllTextAsync(stale, "half");
        await File.WriteAllTextAsync(fresh, "in progress");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));

        var result = await api.Services.GetRequiredService<AttachmentSweep>().RunAsync(CancellationToken.None);
        var remaining = ws.Files(api);
        File.Delete(fresh);

        Assert.True(result.StagingFilesRemoved >= 1 && result.OrphanBlobsRemoved >= 1, result.ToString());
        Assert.Equal([SampleFiles.Sha256(kept)], remaining.Blobs);
        Assert.Equal([fresh], remaining.Staging);
    }

    [SkippableFact]
    public async Task An_admin_sets_the_workspace_quota_and_a_token_without_the_admin_scope_may_not()
    {
        api.SkipIfUnavailable();
        var admin = await api.DemoMemberGraphQLAsync();
        var limitedClient = await api.CreateClientAsync(api.DemoWorkspaceId, [Domain.Auth.AuthScopes.ContactsRead, Domain.Auth.AuthScopes.Attachments]);
        var notAdmin = new GraphQLClient(api.WithToken(await api.TokenAsync(limitedClient)));
        const string set = "mutation ($l: Long) { setStorageLimit(input: {limitBytes: $l}) { storage { limitBytes } errors { __typename ... on ValidationError { field } } } }";

        var limited = await admin.QueryAsync(set, new { l = 1_234_567 });
        var negative = await admin.QueryAsync(set, new { l = -1 });
        var byClient = await notAdmin.SendAsync(set, new { l = 1 });
        var reset = await admin.QueryAsync(set, new { l = (long?)null });

        Assert.Equal("""{"setStorageLimit":{"storage":{"limitBytes":1234567},"errors":null}}""", limited.GetRawText());
        Assert.Equal("""{"setStorageLimit":{"storage":null,"errors":[{"__typename":"ValidationError","field":"limitBytes"}]}}""", negative.GetRawText());
        Assert.Equal("AUTH_NOT_AUTHORIZED", byClient.FirstErrorCode);
        Assert.Equal("""{"setStorageLimit":{"storage":{"limitBytes":10737418240},"errors":null}}""", reset.GetRawText());
    }

    private static string Relay(string type, Guid id) => Api.GraphQL.Relay.GlobalId.Format(type, id);

    private static string Typed(JsonElement payload, string field)
    {
        var error = payload.GetProperty("errors")[0];
        return $$"""{"__typename":"{{error.GetProperty("__typename").GetString()}}","{{field}}":"{{error.GetProperty(field).GetString()}}"}""";
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        return condition();
    }

    /// <summary>A multipart body that sends part of a file, waits until the server has begun storing it, then drops the connection.</summary>
    private sealed class AbortingContent : HttpContent
    {
        private const string Boundary = "abortboundary";
        private readonly string _operations;
        private readonly Func<bool> _serverIsWriting;
        private readonly CancellationTokenSource _abort;

        public AbortingContent(string operations, Func<bool> serverIsWriting, CancellationTokenSource abort)
        {
            (_operations, _serverIsWriting, _abort) = (operations, serverIsWriting, abort);
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        public bool SawStaging { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var head = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{_operations}\r\n--{Boundary}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{\"0\":[\"variables.input.file\"]}}\r\n"
                       + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"half.pdf\"\r\nContent-Type: application/pdf\r\n\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head));
            await stream.WriteAsync(SampleFiles.Pdf(64 * 1024, 41));
            await stream.FlushAsync();
            for (var i = 0; i < 100 && !_serverIsWriting(); i++)
            {
                await Task.Delay(100);
            }

            SawStaging = _serverIsWriting();
            await _abort.CancelAsync();
            throw new IOException("The client went away.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

public sealed class SqliteAttachmentTests(SqliteAttachmentApi api) : AttachmentTests(api), IClassFixture<SqliteAttachmentApi>;

public sealed class PostgreSqlAttachmentTests(PostgresAttachmentApi api) : AttachmentTests(api), IClassFixture<PostgresAttachmentApi>;
