using System.Text.Json;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Export;

/// <summary>
/// The included contacts kept in buckets per export: each contact's exports (the access report's recipients and
/// <c>exports(contactId:)</c>) and an erasure that cuts the contact out of a bucket it shares with others.
/// </summary>
public abstract class ExportRecordTests(ApiHost api)
{
    [SkippableFact]
    public async Task Erasing_a_contact_cuts_its_id_out_of_every_export_bucket_and_its_bucket_neighbours_keep_their_exports()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var purposeId = GlobalId.Parse(orders, "ProcessingPurpose", "purposeId");
        // 600 contacts in 256 buckets: some bucket holds several, so the erased contact has neighbours in its bucket.
        var ids = await ExportTestKit.PeopleAsync(api, ws.Id, 600, digits: 3);
        var erased = ids.GroupBy(ExportedContactBucket.BucketOf).First(g => g.Count() >= 2).First();
        var neighbour = ids.First(id => id != erased && ExportedContactBucket.BucketOf(id) == ExportedContactBucket.BucketOf(erased));
        var outsider = ids.First(id => id != erased && id != neighbour);
        // Every contact, then only the two bucket mates: two exports include the erased contact, one the outsider.
        var all = await ExportAsync(ws.Id, purposeId, db => db.Contacts);
        var pair = await ExportAsync(ws.Id, purposeId, db => db.Contacts.Where(c => c.Id == erased || c.Id == neighbour));

        Assert.Equal([all, pair], await ExportsOfAsync(ws, erased));
        Assert.Equal([all], await ExportsOfAsync(ws, outsider));
        Assert.Equal("""{"dataSubjectReport":{"recipients":[{"recipient":"CSV export","purpose":"Orders"},{"recipient":"CSV export","purpose":"Orders"}]}}""",
            (await ws.GraphQL.QueryAsync("query ($c: ID!) { dataSubjectReport(contactId: $c) { recipients { recipient purpose } } }", new { c = GlobalId.Format("Contact", erased) })).GetRawText());

        var receipt = await ws.GraphQL.MutateAsync("mutation ($id: ID!) { eraseContact(input: {id: $id, reason: \"Art. 17 request\"}) { receipt { removed { kind count } } errors { __typename } } }",
            "eraseContact", "receipt", new { id = GlobalId.Format("Contact", erased) });

        Assert.Equal("""{"kind":"exportRecords","count":2}""",
            receipt.GetProperty("removed").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "exportRecords").GetRawText());
        var buckets = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.Set<ExportedContactBucket>().AsNoTracking().ToListAsync());
        Assert.DoesNotContain(buckets, b => Mentions(b.ContactIds, erased));
        Assert.Equal(ids.Where(id => id != erased).Order(), buckets.Where(b => b.ExportId == all).SelectMany(b => b.ContactIdList()).Order());
        Assert.Equal([neighbour], buckets.Where(b => b.ExportId == pair).SelectMany(b => b.ContactIdList()));
        Assert.Empty(await ExportsOfAsync(ws, erased));
        Assert.Equal([all, pair], await ExportsOfAsync(ws, neighbour));
        Assert.Equal("""{"exports":{"nodes":[{"contactCount":2},{"contactCount":600}]}}""", (await ws.GraphQL.QueryAsync("{ exports { nodes { contactCount } } }")).GetRawText());
    }

    [SkippableFact]
    public async Task Another_workspace_sees_none_of_the_exports_that_included_a_contact()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var other = await PrivacyTestKit.NewWorkspaceAsync(api);
        var purposeId = GlobalId.Parse(await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT"), "ProcessingPurpose", "purposeId");
        var contact = await new TestData(ws.GraphQL).PersonIdAsync("Erika", "Bucket");
        var export = await ExportAsync(ws.Id, purposeId, db => db.Contacts);

        Assert.Equal([export], await ExportsOfAsync(ws, GlobalId.Parse(contact, "Contact", "id")));
        Assert.Empty(await ExportsOfAsync(other, GlobalId.Parse(contact, "Contact", "id")));
    }

    [SkippableFact]
    public async Task Exports_of_a_contact_page_forwards_and_count_only_the_exports_that_named_it_not_its_bucket_mates()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var purposeId = GlobalId.Parse(await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT"), "ProcessingPurpose", "purposeId");
        // 300 contacts in 256 buckets: two of them share a bucket, so an export of only one still has the other's bucket.
        var ids = await ExportTestKit.PeopleAsync(api, ws.Id, 300, digits: 3);
        var mates = ids.GroupBy(ExportedContactBucket.BucketOf).First(g => g.Count() >= 2).Take(2).ToList();
        var (subject, mate) = (mates[0], mates[1]);
        var both = await ExportAsync(ws.Id, purposeId, db => db.Contacts.Where(c => c.Id == subject || c.Id == mate));
        var mateOnly = await ExportAsync(ws.Id, purposeId, db => db.Contacts.Where(c => c.Id == mate));
        var subjectOnly = await ExportAsync(ws.Id, purposeId, db => db.Contacts.Where(c => c.Id == subject));
        var all = await ExportAsync(ws.Id, purposeId, db => db.Contacts);
        const string Page = "query ($c: ID, $after: String) { exports(contactId: $c, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }";

        var first = (await ws.GraphQL.QueryAsync(Page, new { c = GlobalId.Format("Contact", subject), after = (string?)null })).GetProperty("exports");
        var second = (await ws.GraphQL.QueryAsync(Page, new { c = GlobalId.Format("Contact", subject), after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() })).GetProperty("exports");
        var ofMate = (await ws.GraphQL.QueryAsync(Page, new { c = GlobalId.Format("Contact", mate), after = (string?)null })).GetProperty("exports");

        // Newest first: the export of the mate alone holds the subject's bucket but not the subject.
        AssertPage(first, totalCount: 3, hasNextPage: true, all, subjectOnly);
        AssertPage(second, totalCount: 3, hasNextPage: false, both);
        AssertPage(ofMate, totalCount: 3, hasNextPage: true, all, mateOnly);
    }

    private Task<Guid> ExportAsync(Guid workspaceId, Guid purposeId, Func<Infrastructure.Persistence.ContactBoxDbContext, IQueryable<Contact>> selection) =>
        ExportTestKit.ExportIdAsync(api, workspaceId, purposeId, selection);

    /// <summary>The IDs of <c>exports(contactId:)</c>, oldest first.</summary>
    private static async Task<List<Guid>> ExportsOfAsync(PrivacyTestKit.TestWorkspace ws, Guid contactId)
    {
        var exports = await ws.GraphQL.QueryAsync("query ($c: ID) { exports(contactId: $c) { nodes { id } } }", new { c = GlobalId.Format("Contact", contactId) });
        return [.. exports.GetProperty("exports").GetProperty("nodes").EnumerateArray().Select(n => GlobalId.Parse(n.GetProperty("id").GetString()!, "ContactExport", "id")).Reverse()];
    }

    /// <summary>A page of <c>exports</c>: its total count, whether a next page exists and its export IDs in order.</summary>
    private static void AssertPage(JsonElement page, int totalCount, bool hasNextPage, params Guid[] ids)
    {
        Assert.Equal(totalCount, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(hasNextPage, page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(ids, page.GetProperty("nodes").EnumerateArray().Select(n => GlobalId.Parse(n.GetProperty("id").GetString()!, "ContactExport", "id")));
    }

    /// <summary>Whether the bytes hold the ID in any of its 16-byte forms (big- or little-endian).</summary>
    private static bool Mentions(byte[] bytes, Guid id) =>
        bytes.AsSpan().IndexOf(id.ToByteArray(bigEndian: true)) >= 0 || bytes.AsSpan().IndexOf(id.ToByteArray()) >= 0;
}

public sealed class SqliteExportRecordTests(SqliteApi api) : ExportRecordTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlExportRecordTests(PostgresApi api) : ExportRecordTests(api), IClassFixture<PostgresApi>;
