using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactBox.Api.Tests.Privacy;

public abstract class RetentionTests(ApiHost api)
{
    private const string Candidates = "{ retentionCandidates { contact { displayName } } }";

    [SkippableFact]
    public async Task Contacts_no_purpose_holds_past_retention_are_listed_flagged_by_the_daily_job_and_erased_when_the_workspace_says_so()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var g = ws.GraphQL;
        var shortConsent = await PrivacyTestKit.PurposeAsync(g, "Raffle", "CONSENT", 30);
        var longKeep = await PrivacyTestKit.PurposeAsync(g, "Invoices", "LEGAL_OBLIGATION", 36500);
        var contract = await PrivacyTestKit.PurposeAsync(g, "Orders", "CONTRACT", 365);
        var toArchive = await PrivacyTestKit.PurposeAsync(g, "Old campaign", "LEGITIMATE_INTERESTS", 0);
        var data = new TestData(g);
        var expired = await data.PersonIdAsync("Anton", "Purpose"); // a name inside the sweep's fixed erasure reason
        var withdrawnLongKeep = await data.PersonIdAsync("Berta", "Keep");
        var active = await data.PersonIdAsync("Carl", "Active");
        var archived = await data.PersonIdAsync("Dora", "Archived");
        await data.PersonIdAsync("Emil", "Nopurpose");
        var mixed = await data.PersonIdAsync("Frida", "Mixed");
        var oldConsent = new { givenAt = "2020-01-01T00:00:00Z", evidence = "Raffle card", validUntil = "2021-01-01T00:00:00Z" };
        await PrivacyTestKit.AssignAsync(g, new { contactId = expired, purposeId = shortConsent, consent = oldConsent });
        var keep = await PrivacyTestKit.AssignAsync(g, new { contactId = withdrawnLongKeep, purposeId = longKeep });
        await g.MutateAsync("mutation ($id: ID!) { withdrawConsent(input: {id: $id, withdrawnAt: \"2020-02-01T00:00:00Z\"}) { purposeAssignment { id } errors { __typename } } }",
            "withdrawConsent", "purposeAssignment", new { id = keep.GetProperty("id").GetString() });
        await PrivacyTestKit.AssignAsync(g, new { contactId = active, purposeId = contract });
        await PrivacyTestKit.AssignAsync(g, new { contactId = archived, purposeId = toArchive });
        await PrivacyTestKit.AssignAsync(g, new { contactId = mixed, purposeId = shortConsent, consent = oldConsent });
        await PrivacyTestKit.AssignAsync(g, new { contactId = mixed, purposeId = contract });
        await g.MutateAsync("mutation ($id: ID!) { archiveProcessingPurpose(input: {id: $id}) { purpose { id } errors { __typename } } }",
            "archiveProcessingPurpose", "purpose", new { id = toArchive });

        var dryRun = await g.QueryAsync(Candidates);
        await new RetentionJob(api.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<RetentionJob>.Instance).Execute(null!, CancellationToken.None);
        var flagged = await g.QueryAsync("query ($a: ID!, $c: ID!) { a: contact(id: $a) { privacy { retentionReviewSince } } c: contact(id: $c) { privacy { retentionReviewSince } } }", new { a = expired, c = active });
        var again = await SweepAsync(ws.Id);
        await g.MutateAsync("mutation { updatePrivacySettings(input: {retentionAction: ERASE}) { settings { retentionAction } errors { __typename } } }", "updatePrivacySettings", "settings");
        var erasing = await SweepAsync(ws.Id);
        var left = await g.QueryAsync(Candidates);
        var remaining = await g.QueryAsync("query ($w: ContactFilterInput) { contacts(where: $w, order: [{lastName: ASC}]) { nodes { lastName } } }", new { w = data.Mine });
        var systemActs = await g.QueryAsync("{ auditLog(where: {actorKind: {eq: SYSTEM}}, order: [{sequence: ASC}]) { nodes { action subjectId } } }");

        Assert.Equal("""{"retentionCandidates":[{"contact":{"displayName":"Anton Purpose"}},{"contact":{"displayName":"Dora Archived"}}]}""", dryRun.GetRawText());
        Assert.StartsWith("""{"a":{"privacy":{"retentionReviewSince":"20""", flagged.GetRawText(), StringComparison.Ordinal);
        Assert.EndsWith("""},"c":{"privacy":{"retentionReviewSince":null}}}""", flagged.GetRawText(), StringComparison.Ordinal);
        Assert.Equal((RetentionAction.FlagForReview, 0, 0), (again.Action, again.Flagged.Count, again.Erased.Count));
        Assert.Equal((RetentionAction.Erase, 0), (erasing.Action, erasing.Flagged.Count));
        Assert.Equal(2, erasing.Erased.Count);
        Assert.Equal("""{"retentionCandidates":[]}""", left.GetRawText());
        Assert.Equal("""{"contacts":{"nodes":[{"lastName":"Active"},{"lastName":"Keep"},{"lastName":"Mixed"},{"lastName":"Nopurpose"}]}}""", remaining.GetRawText());
        Assert.Equal(
            $$$"""{"auditLog":{"nodes":[{"action":"RETENTION_REVIEW_FLAGGED","subjectId":"{{{expired}}}"},{"action":"RETENTION_REVIEW_FLAGGED","subjectId":"{{{archived}}}"},{"action":"CONTACT_ERASED","subjectId":"{{{expired}}}"},{"action":"CONTACT_ERASED","subjectId":"{{{archived}}}"}]}}""",
            systemActs.GetRawText());
        Assert.True((await PrivacyTestKit.VerifyAsync(g)).GetProperty("ok").GetBoolean());
    }

    private async Task<RetentionOutcome> SweepAsync(Guid workspaceId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ContactBoxDbContext>();
        db.Workspace.Set(workspaceId, null);
        return await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunAsync(db, CancellationToken.None);
    }

    [SkippableFact]
    public async Task The_dry_run_needs_the_privacy_admin_scope()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api, Domain.Auth.AuthScopes.ContactsRead);

        var response = await ws.GraphQL.SendAsync(Candidates);

        Assert.Equal("AUTH_NOT_AUTHORIZED", response.FirstErrorCode);
    }
}

public sealed class SqliteRetentionTests(SqliteApi api) : RetentionTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlRetentionTests(PostgresApi api) : RetentionTests(api), IClassFixture<PostgresApi>;
