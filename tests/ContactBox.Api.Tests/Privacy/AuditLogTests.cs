using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Tests.Privacy;

public abstract class AuditLogTests(ApiHost api)
{
    private async Task<PrivacyTestKit.TestWorkspace> WorkspaceWithRecordsAsync(int count)
    {
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        for (var i = 1; i <= count; i++)
        {
            await PrivacyTestKit.SourceTypeAsync(ws.GraphQL, $"Source {i}");
        }

        return ws;
    }

    [SkippableFact]
    public async Task An_intact_chain_verifies_with_its_count_and_links_each_record_to_the_one_before()
    {
        api.SkipIfUnavailable();
        var ws = await WorkspaceWithRecordsAsync(3);

        var verification = await PrivacyTestKit.VerifyAsync(ws.GraphQL);
        var records = (await ws.GraphQL.QueryAsync("{ auditLog(order: [{sequence: ASC}]) { nodes { sequence previousHash hash actorKind actorId subjectType } } }"))
            .GetProperty("auditLog").GetProperty("nodes").EnumerateArray().ToList();

        Assert.Equal("""{"ok":true,"count":3,"firstBroken":null}""", verification.GetRawText());
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.GetProperty("sequence").GetInt64()));
        Assert.Equal(AuditChain.GenesisHash, records[0].GetProperty("previousHash").GetString());
        Assert.Equal(records[0].GetProperty("hash").GetString(), records[1].GetProperty("previousHash").GetString());
        Assert.Equal(records[1].GetProperty("hash").GetString(), records[2].GetProperty("previousHash").GetString());
        Assert.All(records, r => Assert.Matches("^[0-9a-f]{64}$", r.GetProperty("hash").GetString()));
        Assert.All(records, r => Assert.Equal(("CLIENT", ws.ClientId, "ContactSourceType"),
            (r.GetProperty("actorKind").GetString(), r.GetProperty("actorId").GetString(), r.GetProperty("subjectType").GetString())));
    }

    [SkippableFact]
    public async Task A_record_edited_in_the_database_breaks_verification_at_exactly_that_record()
    {
        api.SkipIfUnavailable();
        var ws = await WorkspaceWithRecordsAsync(5);
        var original = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.AuditRecords.Where(r => r.Sequence == 3).Select(r => r.Details).SingleAsync());

        await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db =>
            db.AuditRecords.Where(r => r.Sequence == 3).ExecuteUpdateAsync(s => s.SetProperty(r => r.Details, """{"tampered":true}""")));
        var tampered = await PrivacyTestKit.VerifyAsync(ws.GraphQL);
        await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db =>
            db.AuditRecords.Where(r => r.Sequence == 3).ExecuteUpdateAsync(s => s.SetProperty(r => r.Details, original)));
        var restored = await PrivacyTestKit.VerifyAsync(ws.GraphQL);

        Assert.Equal("""{"ok":false,"count":2,"firstBroken":{"sequence":3,"reason":"The record's content does not match its hash: it was changed after it was written."}}""", tampered.GetRawText());
        Assert.Equal("""{"ok":true,"count":5,"firstBroken":null}""", restored.GetRawText());
    }

    [SkippableFact]
    public async Task Removing_a_record_in_the_middle_or_at_the_end_is_detected()
    {
        api.SkipIfUnavailable();
        var middle = await WorkspaceWithRecordsAsync(4);
        var end = await WorkspaceWithRecordsAsync(4);

        await PrivacyTestKit.InWorkspaceAsync(api, middle.Id, db => db.AuditRecords.Where(r => r.Sequence == 2).ExecuteDeleteAsync());
        await PrivacyTestKit.InWorkspaceAsync(api, end.Id, db => db.AuditRecords.Where(r => r.Sequence == 4).ExecuteDeleteAsync());

        Assert.Equal("""{"ok":false,"count":1,"firstBroken":{"sequence":2,"reason":"Record 2 is missing: the chain jumps to 3."}}""", (await PrivacyTestKit.VerifyAsync(middle.GraphQL)).GetRawText());
        Assert.Equal("""{"ok":false,"count":3,"firstBroken":{"sequence":4,"reason":"The chain ends at record 3, but 4 records were written."}}""", (await PrivacyTestKit.VerifyAsync(end.GraphQL)).GetRawText());
    }

    [SkippableFact]
    public async Task A_rewritten_record_with_a_recomputed_hash_still_breaks_the_link_to_the_next_one()
    {
        api.SkipIfUnavailable();
        var ws = await WorkspaceWithRecordsAsync(3);

        await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, async db =>
        {
            var record = await db.AuditRecords.AsNoTracking().SingleAsync(r => r.Sequence == 2);
            var forged = new AuditRecord(record.WorkspaceId, 2, record.OccurredAt, AuditActorKind.System, null, record.Action, record.SubjectType, record.SubjectId, record.Details, record.PreviousHash);
            var hash = Infrastructure.Privacy.AuditTrail.HashOf(forged);
            return await db.AuditRecords.Where(r => r.Sequence == 2).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.ActorKind, AuditActorKind.System).SetProperty(r => r.ActorId, (string?)null).SetProperty(r => r.Hash, hash));
        });

        Assert.Equal("""{"ok":false,"count":2,"firstBroken":{"sequence":3,"reason":"The record does not point at the hash of the record before it."}}""", (await PrivacyTestKit.VerifyAsync(ws.GraphQL)).GetRawText());
    }

    [SkippableFact]
    public async Task Concurrent_writers_keep_one_gapless_chain()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var data = new TestData(ws.GraphQL);
        var contacts = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            contacts.Add(await data.PersonIdAsync("Parallel", $"Person {i}"));
        }

        // The first record creates the chain head: let parallel writers race for that too.
        var writes = Enumerable.Range(0, 24)
            .Select(i => (Task)PrivacyTestKit.SourceTypeAsync(ws.GraphQL, $"Parallel {i}"))
            .Concat(contacts.Select(c => (Task)ws.GraphQL.MutateAsync(
                "mutation ($c: ID!) { setMarketingObjection(input: {contactId: $c, objected: true}) { contact { id } errors { __typename } } }",
                "setMarketingObjection", "contact", new { c })))
            .ToList();
        await Task.WhenAll(writes);

        var verification = await PrivacyTestKit.VerifyAsync(ws.GraphQL);
        var head = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.AuditChainHeads.AsNoTracking().SingleAsync());

        Assert.Equal("""{"ok":true,"count":32,"firstBroken":null}""", verification.GetRawText());
        Assert.Equal(32, head.Sequence);
    }

    [SkippableFact]
    public async Task Members_recording_a_contacts_first_privacy_data_at_the_same_instant_all_succeed_on_one_record()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var contact = await new TestData(ws.GraphQL).PersonIdAsync("Erst", "Schreiber");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? ws.GraphQL.QueryAsync("mutation ($c: ID!) { change: setMarketingObjection(input: {contactId: $c, objected: true}) { errors { __typename } } }", new { c = contact })
            : ws.GraphQL.QueryAsync("mutation ($c: ID!) { change: setProcessingRestriction(input: {contactId: $c, restricted: true}) { errors { __typename } } }", new { c = contact })));

        Assert.All(results, result => Assert.Equal("""{"change":{"errors":null}}""", result.GetRawText()));
        Assert.Equal(1, await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.ContactPrivacy.CountAsync()));
        var privacy = await ws.GraphQL.QueryAsync("query ($c: ID!) { contact(id: $c) { privacy { restricted objectsToDirectMarketing } } }", new { c = contact });
        Assert.Equal("""{"contact":{"privacy":{"restricted":true,"objectsToDirectMarketing":true}}}""", privacy.GetRawText());
        Assert.Equal("""{"ok":true,"count":8,"firstBroken":null}""", (await PrivacyTestKit.VerifyAsync(ws.GraphQL)).GetRawText());
    }

    [SkippableFact]
    public async Task Each_workspace_has_its_own_chain_and_sees_only_its_own_records()
    {
        api.SkipIfUnavailable();
        var a = await WorkspaceWithRecordsAsync(2);
        var b = await WorkspaceWithRecordsAsync(1);

        await PrivacyTestKit.InWorkspaceAsync(api, a.Id, db => db.AuditRecords.Where(r => r.Sequence == 1).ExecuteUpdateAsync(s => s.SetProperty(r => r.Details, """{"changed":1}""")));

        Assert.False((await PrivacyTestKit.VerifyAsync(a.GraphQL)).GetProperty("ok").GetBoolean());
        Assert.Equal("""{"ok":true,"count":1,"firstBroken":null}""", (await PrivacyTestKit.VerifyAsync(b.GraphQL)).GetRawText());
        Assert.Equal(["SOURCE_TYPE_CREATED"], await PrivacyTestKit.ActionsAsync(b.GraphQL));
    }

    [SkippableFact]
    public async Task The_audit_log_filters_by_subject_action_actor_and_time()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var purpose = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var data = new TestData(ws.GraphQL);
        var anna = await data.PersonIdAsync("Anna", "Audit");
        var bert = await data.PersonIdAsync("Bert", "Audit");
        await PrivacyTestKit.AssignAsync(ws.GraphQL, new { contactId = anna, purposeId = purpose });
        await PrivacyTestKit.AssignAsync(ws.GraphQL, new { contactId = bert, purposeId = purpose });
        await ws.GraphQL.MutateAsync("mutation ($c: ID!) { setMarketingObjection(input: {contactId: $c, objected: true}) { contact { id } errors { __typename } } }",
            "setMarketingObjection", "contact", new { c = anna });

        var bySubject = await ws.GraphQL.QueryAsync("query ($s: ID!) { auditLog(subjectId: $s) { totalCount nodes { action subjectId } } }", new { s = anna });
        var byAction = await ws.GraphQL.QueryAsync("{ auditLog(where: {action: {eq: PURPOSE_ASSIGNED}}) { totalCount } }");
        var byActor = await ws.GraphQL.QueryAsync("query ($a: String!) { auditLog(where: {actorId: {eq: $a}, actorKind: {eq: CLIENT}}) { totalCount } }", new { a = ws.ClientId });
        var future = await ws.GraphQL.QueryAsync("{ auditLog(where: {occurredAt: {gt: \"2999-01-01T00:00:00Z\"}}) { totalCount } }");
        var details = (await ws.GraphQL.QueryAsync("query ($s: ID!) { auditLog(subjectId: $s, where: {action: {eq: PURPOSE_ASSIGNED}}) { nodes { details } } }", new { s = bert }))
            .GetProperty("auditLog").GetProperty("nodes")[0].GetProperty("details").GetString()!;

        Assert.Equal($$$"""{"auditLog":{"totalCount":2,"nodes":[{"action":"OBJECTION_RECORDED","subjectId":"{{{anna}}}"},{"action":"PURPOSE_ASSIGNED","subjectId":"{{{anna}}}"}]}}""", bySubject.GetRawText());
        Assert.Equal("""{"auditLog":{"totalCount":2}}""", byAction.GetRawText());
        Assert.Equal("""{"auditLog":{"totalCount":4}}""", byActor.GetRawText());
        Assert.Equal("""{"auditLog":{"totalCount":0}}""", future.GetRawText());
        using var json = JsonDocument.Parse(details);
        Assert.Equal(["assignmentId", "consentGivenAt", "legalBasis", "purposeId", "validUntil"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Contract", json.RootElement.GetProperty("legalBasis").GetString());
    }
}

public sealed class SqliteAuditLogTests(SqliteApi api) : AuditLogTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlAuditLogTests(PostgresApi api) : AuditLogTests(api), IClassFixture<PostgresApi>;
