using System.Text.Json;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Export;

/// <summary>
/// An export's excluded contacts, kept per reason in blocks of 4,096 with the export record: exact pages over more than
/// one block, the reason filter, a background export's result, isolation across workspaces, erasure and the deprecated list.
/// </summary>
public abstract class ExcludedContactTests(ApiHost api)
{
    /// <summary>More contacts without consent than one block holds, so the list crosses a block boundary.</summary>
    private const int WithoutConsent = ExcludedContactBlock.MaxIds + 104;

    private const string Page = """
        query ($first: Int, $after: String, $last: Int, $before: String, $reason: ExclusionReason) {
          exports {
            nodes {
              excludedContacts(first: $first, after: $after, last: $last, before: $before, reason: $reason) {
                totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { contactId reason } }
              }
            }
          }
        }
        """;

    [SkippableFact]
    public async Task Excluded_contacts_page_reason_by_reason_in_the_exports_row_order_across_blocks_and_filter_by_reason()
    {
        var (ws, exportId, expected) = await LargeExportAsync();

        var blocks = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.Set<ExcludedContactBlock>().AsNoTracking()
            .Where(b => b.ExportId == exportId).Select(b => new { b.Reason, b.Block, b.Count }).ToListAsync());
        var start = await PageAsync(ws, new { first = 5 });
        var across = await PageAsync(ws, new { first = 100, after = Cursor.Format(4049) });
        var end = await PageAsync(ws, new { last = 4 });
        var before = await PageAsync(ws, new { last = 2, before = Cursor.Format(3) });
        var noConsent = await PageAsync(ws, new { first = 3, after = Cursor.Format(ExcludedContactBlock.MaxIds - 2), reason = "NO_CONSENT" });
        var withdrawn = await PageAsync(ws, new { first = 10, reason = "CONSENT_WITHDRAWN" });
        var none = await PageAsync(ws, new { first = 10, reason = "HARD_BOUNCE" });

        Assert.Equal(
            [(ExclusionReason.Restricted, 0, 3), (ExclusionReason.NoConsent, 0, ExcludedContactBlock.MaxIds), (ExclusionReason.NoConsent, 1, 104), (ExclusionReason.ConsentWithdrawn, 0, 2)],
            blocks.Select(b => (b.Reason, b.Block, b.Count)).OrderBy(b => b.Reason).ThenBy(b => b.Block));
        AssertPage(start, expected, total: 3 + WithoutConsent + 2, from: 0, count: 5, hasNext: true, hasPrevious: false);
        AssertPage(across, expected, total: 3 + WithoutConsent + 2, from: 4050, count: 100, hasNext: true, hasPrevious: true);
        AssertPage(end, expected, total: 3 + WithoutConsent + 2, from: expected.Count - 4, count: 4, hasNext: false, hasPrevious: true);
        AssertPage(before, expected, total: 3 + WithoutConsent + 2, from: 1, count: 2, hasNext: true, hasPrevious: true);
        AssertPage(noConsent, [.. expected.Where(e => e.Reason == "NO_CONSENT")], total: WithoutConsent, from: ExcludedContactBlock.MaxIds - 1, count: 3, hasNext: true, hasPrevious: true);
        AssertPage(withdrawn, [.. expected.Where(e => e.Reason == "CONSENT_WITHDRAWN")], total: 2, from: 0, count: 2, hasNext: false, hasPrevious: false);
        AssertPage(none, [], total: 0, from: 0, count: 0, hasNext: false, hasPrevious: false);

        var tooMany = await ws.GraphQL.SendAsync(Page, new { first = 101 });
        Assert.Equal("PAGE_SIZE_TOO_LARGE", tooMany.FirstErrorCode);
    }

    [SkippableFact]
    public async Task A_list_of_exports_pages_each_ones_excluded_contacts_with_the_same_statements_for_one_export_or_five()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var purpose = GlobalId.Parse(await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "CONSENT"), "ProcessingPurpose", "purposeId");
        var people = (await ExportTestKit.PeopleAsync(api, ws.Id, 3, digits: 1)).Select(id => GlobalId.Format("Contact", id)).ToList();
        const string List = """
            {
              exports {
                nodes {
                  excludedContacts(first: 2) { totalCount nodes { contactId reason } }
                  rest: excludedContacts(first: 2, after: "MQ==") { nodes { contactId } }
                  bounced: excludedContacts(reason: HARD_BOUNCE) { totalCount }
                }
              }
            }
            """;
        async Task<(int Statements, List<string> Exports)> ReadAsync()
        {
            api.Statements.Reset();
            var nodes = (await ws.GraphQL.QueryAsync(List)).GetProperty("exports").GetProperty("nodes");
            return (api.Statements.Count, [.. nodes.EnumerateArray().Select(n => n.GetRawText())]);
        }

        await ExportTestKit.ExportIdAsync(api, ws.Id, purpose, db => db.Contacts);
        var one = await ReadAsync();
        for (var i = 0; i < 4; i++)
        {
            await ExportTestKit.ExportIdAsync(api, ws.Id, purpose, db => db.Contacts);
        }

        var five = await ReadAsync();

        var expected = $$$"""
            {"excludedContacts":{"totalCount":3,"nodes":[{"contactId":"{{{people[0]}}}","reason":"NO_CONSENT"},{"contactId":"{{{people[1]}}}","reason":"NO_CONSENT"}]},"rest":{"nodes":[{"contactId":"{{{people[2]}}}"}]},"bounced":{"totalCount":0}}
            """;
        Assert.Equal([expected], one.Exports);
        Assert.Equal(Enumerable.Repeat(expected, 5), five.Exports);
        // The token's entry, the page of exports, every export's block sizes (all three fields), the blocks the pages cover.
        Assert.Equal((4, 4), (one.Statements, five.Statements));
    }

    [SkippableFact]
    public async Task Another_workspace_reads_none_of_an_exports_excluded_contacts()
    {
        var (ws, exportId, _) = await LargeExportAsync();
        var other = await PrivacyTestKit.NewWorkspaceAsync(api);

        var seen = await other.GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { ... on ContactExport { excludedContacts { totalCount } } } exports { totalCount } }",
            new { id = GlobalId.Format("ContactExport", exportId) });
        // The resolver's own read, from the other workspace's data layer: the tenancy filter leaves out every block.
        var read = await PrivacyTestKit.InWorkspaceAsync(api, other.Id, async db => (await ExcludedContactPages.OfAsync(db, exportId, null, CancellationToken.None)).Total);
        var own = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, async db => (await ExcludedContactPages.OfAsync(db, exportId, null, CancellationToken.None)).Total);

        Assert.Equal("""{"node":null,"exports":{"totalCount":0}}""", seen.GetRawText());
        Assert.Equal((0, 3 + WithoutConsent + 2), (read, own));
    }

    [SkippableFact]
    public async Task Erasing_a_contact_cuts_it_out_of_the_export_that_left_it_out_and_of_the_one_that_included_it_and_the_counts_stay()
    {
        var (ws, excluding, expected) = await LargeExportAsync();
        var contract = GlobalId.Parse(await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT"), "ProcessingPurpose", "purposeId");
        var including = await ExportTestKit.ExportIdAsync(api, ws.Id, contract, db => db.Contacts);
        // The 11th contact without consent: in the first block of its reason, between others.
        var erased = expected[3 + 10];

        var receipt = await ws.GraphQL.MutateAsync("mutation ($id: ID!) { eraseContact(input: {id: $id, reason: \"Art. 17 request\"}) { receipt { removed { kind count } } errors { __typename } } }",
            "eraseContact", "receipt", new { id = erased.ContactId });
        var after = await ws.GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { ... on ContactExport { excludedCount excludedContacts(first: 12, reason: NO_CONSENT) { totalCount edges { node { contactId reason } } } } } }",
            new { id = GlobalId.Format("ContactExport", excluding) });
        var blocks = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.Set<ExcludedContactBlock>().AsNoTracking().Where(b => b.ExportId == excluding).ToListAsync());

        Assert.Equal("""{"kind":"exportRecords","count":2}""",
            receipt.GetProperty("removed").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "exportRecords").GetRawText());
        var remaining = expected.Where(e => e.Reason == "NO_CONSENT" && e != erased).ToList();
        Assert.Equal(3 + WithoutConsent + 2, after.GetProperty("node").GetProperty("excludedCount").GetInt32());
        Assert.Equal(WithoutConsent - 1, after.GetProperty("node").GetProperty("excludedContacts").GetProperty("totalCount").GetInt32());
        Assert.Equal(remaining.Take(12), Nodes(after.GetProperty("node").GetProperty("excludedContacts")));
        Assert.Equal(ExcludedContactBlock.MaxIds - 1, blocks.Single(b => b.Reason == ExclusionReason.NoConsent && b.Block == 0).Count);
        var id = GlobalId.Parse(erased.ContactId, "Contact", "id");
        Assert.DoesNotContain(blocks, b => b.ContactIds.AsSpan().IndexOf(id.ToByteArray(bigEndian: true)) >= 0);
        Assert.Equal(remaining.Select(e => GlobalId.Parse(e.ContactId, "Contact", "id")),
            blocks.Where(b => b.Reason == ExclusionReason.NoConsent).OrderBy(b => b.Block).SelectMany(b => b.ContactIdList()));
        var included = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.Set<ExportedContactBucket>().AsNoTracking().Where(b => b.ExportId == including).ToListAsync());
        Assert.Equal(WithoutConsent - 1 + 2 + 1, included.Sum(b => b.ContactIdList().Count()));
        Assert.DoesNotContain(included, b => b.Contains(id));
    }

    [SkippableFact]
    public async Task A_background_exports_result_pages_its_excluded_contacts_keeps_no_ids_in_the_operation_and_the_deprecated_list_matches()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var newsletter = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "CONSENT");
        var active = await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "PERSON", lastName = "Aktiv" });
        await PrivacyTestKit.AssignAsync(ws.GraphQL, new { contactId = active, purposeId = newsletter, consent = new { givenAt = "2020-01-01T00:00:00Z", evidence = "Double opt-in" } });
        var berta = await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "PERSON", lastName = "Berta" });
        var anton = await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "PERSON", lastName = "Anton" });
        var restricted = await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "PERSON", lastName = "Zander" });
        await ws.GraphQL.MutateAsync("mutation ($c: ID!) { setProcessingRestriction(input: {contactId: $c, restricted: true}) { contact { id } errors { __typename } } }",
            "setProcessingRestriction", "contact", new { c = restricted });

        var queued = await ws.GraphQL.MutateAsync("mutation ($input: ExportContactsInput!) { exportContacts(input: $input) { operation { id } errors { __typename } } }",
            "exportContacts", "operation", new { input = new { where = new { }, fields = new[] { "LAST_NAME" }, purposeId = newsletter, background = true } });
        var operationId = queued.GetProperty("id").GetString()!;
        const string Result = """
            ... on ExportContactsResult {
              exclusions { reason count }
              excludedContacts(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { contactId reason } }
              rest: excludedContacts(first: 2, after: "MQ==") { pageInfo { hasNextPage } nodes { contactId reason } }
              excludedContactIds
            }
            """;
        var done = await WaitFinishedAsync(ws, operationId, Result);
        var kept = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.Set<BackgroundOperation>().AsNoTracking()
            .Where(o => o.Id == GlobalId.Parse(operationId, "BackgroundOperation", "id")).Select(o => o.Result).SingleAsync());

        Assert.Equal(
            """{"status":"SUCCEEDED","result":{"exclusions":[{"reason":"RESTRICTED","count":1},{"reason":"NO_CONSENT","count":2}]"""
            + $$$""","excludedContacts":{"totalCount":3,"pageInfo":{"hasNextPage":true,"endCursor":"MQ=="},"nodes":[{"contactId":"{{{restricted}}}","reason":"RESTRICTED"},{"contactId":"{{{anton}}}","reason":"NO_CONSENT"}]}"""
            + $$$""","rest":{"pageInfo":{"hasNextPage":false},"nodes":[{"contactId":"{{{berta}}}","reason":"NO_CONSENT"}]}"""
            + $$$""","excludedContactIds":["{{{restricted}}}","{{{anton}}}","{{{berta}}}"]}}""",
            done.GetRawText());
        Assert.Equal("""{"exclusions":{"Restricted":1,"NoConsent":2}}""", kept);

        // An operation kept before the IDs were stored with the export held them in its result, without their reasons:
        // the deprecated list still reads them; the connection says why it cannot.
        var legacy = $$$"""{"exclusions":{"Restricted":1,"NoConsent":2},"excludedContactIds":["{{{Guid(anton)}}}","{{{Guid(berta)}}}","{{{Guid(restricted)}}}"]}""";
        await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.Set<BackgroundOperation>()
            .Where(o => o.Id == GlobalId.Parse(operationId, "BackgroundOperation", "id")).ExecuteUpdateAsync(s => s.SetProperty(o => o.Result, legacy)));
        var old = await ws.GraphQL.SendAsync("query ($id: ID!) { operation(id: $id) { result { ... on ExportContactsResult { excludedContactIds excludedContacts { totalCount } } } } }",
            new { id = operationId });

        Assert.Equal($$$"""{"operation":{"result":{"excludedContactIds":["{{{anton}}}","{{{berta}}}","{{{restricted}}}"],"excludedContacts":null""" + "}}}", old.Data.GetRawText());
        Assert.Equal("EXCLUDED_CONTACTS_NOT_KEPT", old.FirstErrorCode);
    }

    [SkippableFact]
    public async Task An_export_that_fails_after_writing_its_excluded_blocks_leaves_no_block_no_record_and_no_file()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var purposeId = GlobalId.Parse(await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "CONSENT"), "ProcessingPurpose", "purposeId");
        await ExportTestKit.PeopleAsync(api, ws.Id, 10, digits: 1);
        // The audit entry is written after the blocks, in the same transaction: a trigger refuses this workspace's.
        var trigger = "refuse_audit_" + ws.Id.ToString("N");
        await using var scope = api.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ContactBoxDbContext>();
        var sqlite = admin.Database.IsSqlite();
        await admin.Database.ExecuteSqlRawAsync(sqlite
            ? $"CREATE TRIGGER \"{trigger}\" BEFORE INSERT ON \"AuditRecords\" WHEN NEW.\"WorkspaceId\" = '{ws.Id.ToString().ToUpperInvariant()}' BEGIN SELECT RAISE(ABORT, 'audit refused'); END"
            : $"CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$; "
              + $"CREATE TRIGGER {trigger} BEFORE INSERT ON \"AuditRecords\" FOR EACH ROW WHEN (NEW.\"WorkspaceId\" = '{ws.Id}') EXECUTE FUNCTION {trigger}()");
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => ExportTestKit.ExportIdAsync(api, ws.Id, purposeId, db => db.Contacts));
            Assert.Contains("audit refused", failure.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await admin.Database.ExecuteSqlRawAsync(sqlite ? $"DROP TRIGGER \"{trigger}\"" : $"DROP TRIGGER {trigger} ON \"AuditRecords\"; DROP FUNCTION {trigger}()");
        }

        var left = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, async db =>
            (await db.Set<ContactExport>().CountAsync(), await db.Set<ExcludedContactBlock>().CountAsync(), await db.Set<ExportedContactBucket>().CountAsync()));
        var folder = Path.GetDirectoryName(api.Services.GetRequiredService<ExportFiles>().PathOf(ws.Id, System.Guid.Empty))!;
        Assert.Equal((0, 0, 0), left);
        Assert.Empty(Directory.Exists(folder) ? Directory.EnumerateFiles(folder) : []);
    }

    /// <summary>
    /// A workspace with an export for a consent-based purpose: 3 restricted contacts, <see cref="WithoutConsent"/> without
    /// consent, 2 whose consent was withdrawn and one included. Returns the excluded list as the API should page it.
    /// </summary>
    private async Task<(PrivacyTestKit.TestWorkspace Ws, Guid ExportId, List<Excluded> Expected)> LargeExportAsync()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var purpose = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "CONSENT");
        async Task<string> Consent(string contactId) =>
            (await PrivacyTestKit.AssignAsync(ws.GraphQL, new { contactId, purposeId = purpose, consent = new { givenAt = "2020-01-01T00:00:00Z", evidence = "Double opt-in" } }))
            .GetProperty("id").GetString()!;
        var restricted = new List<string>();
        foreach (var name in new[] { "Eingeschränkt A", "Eingeschränkt B", "Eingeschränkt C" })
        {
            var contact = await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "ORGANIZATION", organizationName = name });
            await ws.GraphQL.MutateAsync("mutation ($c: ID!) { setProcessingRestriction(input: {contactId: $c, restricted: true}) { contact { id } errors { __typename } } }",
                "setProcessingRestriction", "contact", new { c = contact });
            restricted.Add(contact);
        }

        var withdrawn = new List<string>();
        foreach (var name in new[] { "Widerrufen A", "Widerrufen B" })
        {
            var contact = await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "ORGANIZATION", organizationName = name });
            await ws.GraphQL.MutateAsync("mutation ($id: ID!) { withdrawConsent(input: {id: $id}) { purposeAssignment { id } errors { __typename } } }",
                "withdrawConsent", "purposeAssignment", new { id = await Consent(contact) });
            withdrawn.Add(contact);
        }

        await Consent(await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "ORGANIZATION", organizationName = "Aktiv" }));
        var persons = await ExportTestKit.PeopleAsync(api, ws.Id, WithoutConsent, digits: 4);
        var exportId = await ExportTestKit.ExportIdAsync(api, ws.Id, GlobalId.Parse(purpose, "ProcessingPurpose", "purposeId"), db => db.Contacts);
        // The export's row order is by display name: each reason's contacts were created in that order.
        List<Excluded> expected =
        [
            .. restricted.Select(c => new Excluded(c, "RESTRICTED")),
            .. persons.Select(c => new Excluded(GlobalId.Format("Contact", c), "NO_CONSENT")),
            .. withdrawn.Select(c => new Excluded(c, "CONSENT_WITHDRAWN")),
        ];
        return (ws, exportId, expected);
    }

    private sealed record Excluded(string ContactId, string Reason);

    private static async Task<JsonElement> PageAsync(PrivacyTestKit.TestWorkspace ws, object variables) =>
        (await ws.GraphQL.QueryAsync(Page, variables)).GetProperty("exports").GetProperty("nodes")[0].GetProperty("excludedContacts");

    private static List<Excluded> Nodes(JsonElement connection) =>
        [.. connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node"))
            .Select(n => new Excluded(n.GetProperty("contactId").GetString()!, n.GetProperty("reason").GetString()!))];

    /// <summary>A page is the list's items [from, from + count) with their offset cursors, the total and both page flags.</summary>
    private static void AssertPage(JsonElement page, List<Excluded> list, int total, int from, int count, bool hasNext, bool hasPrevious)
    {
        var cursors = Enumerable.Range(from, count).Select(Cursor.Format).ToList();
        Assert.Equal(total, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(list.Skip(from).Take(count), Nodes(page));
        Assert.Equal(cursors, page.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("cursor").GetString()!));
        var info = page.GetProperty("pageInfo");
        Assert.Equal((hasNext, hasPrevious, cursors.FirstOrDefault(), cursors.LastOrDefault()),
            (info.GetProperty("hasNextPage").GetBoolean(), info.GetProperty("hasPreviousPage").GetBoolean(), info.GetProperty("startCursor").GetString(), info.GetProperty("endCursor").GetString()));
    }

    private static Guid Guid(string contactId) => GlobalId.Parse(contactId, "Contact", "id");

    private static async Task<JsonElement> WaitFinishedAsync(PrivacyTestKit.TestWorkspace ws, string operationId, string result)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(2); ; await Task.Delay(100))
        {
            var operation = (await ws.GraphQL.QueryAsync($"query ($id: ID!) {{ operation(id: $id) {{ status result {{ {result} }} }} }}", new { id = operationId })).GetProperty("operation");
            if (operation.GetProperty("status").GetString() is not ("QUEUED" or "RUNNING") || DateTime.UtcNow > deadline)
            {
                return operation;
            }
        }
    }
}

public sealed class SqliteExcludedContactTests(SqliteApi api) : ExcludedContactTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlExcludedContactTests(PostgresApi api) : ExcludedContactTests(api), IClassFixture<PostgresApi>;
