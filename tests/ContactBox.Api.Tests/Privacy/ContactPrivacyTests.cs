using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Privacy;

public abstract class ContactPrivacyTests(ApiHost api)
{
    private const string PrivacyOfContact = """
        query ($id: ID!) {
          contact(id: $id) {
            privacy {
              source { type { name } detail date }
              purposes { purpose { name } legalBasis consentGivenAt consentEvidence validUntil withdrawnAt withdrawalEvidence }
              restricted restrictedSince restrictionReason objectsToDirectMarketing objectedSince retentionReviewSince
            }
          }
        }
        """;

    [SkippableFact]
    public async Task A_member_records_source_purposes_consent_withdrawal_restriction_and_objection_on_the_contact()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var newsletter = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "CONSENT");
        var contract = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var fair = await PrivacyTestKit.SourceTypeAsync(ws.GraphQL, "Trade fair");
        var contactId = await new TestData(ws.GraphQL).PersonIdAsync("Erika", "Mustermann");

        await ws.GraphQL.MutateAsync(
            "mutation ($input: SetContactSourceInput!) { setContactSource(input: $input) { contact { id } errors { __typename } } }",
            "setContactSource", "contact", new { input = new { contactId, typeId = fair, detail = "Hannover Messe, stand B12", date = "2026-04-22" } });
        var consent = await PrivacyTestKit.AssignAsync(ws.GraphQL, new
        {
            contactId,
            purposeId = newsletter,
            consent = new { givenAt = "2026-04-22T10:15:00+02:00", evidence = "Signed form at the stand, filed under 2026/17", validUntil = "2028-04-22T00:00:00Z" },
        });
        var byContract = await PrivacyTestKit.AssignAsync(ws.GraphQL, new { contactId, purposeId = contract });
        await ws.GraphQL.MutateAsync(
            "mutation ($id: ID!) { withdrawConsent(input: {id: $id, withdrawnAt: \"2026-05-01T08:00:00Z\", evidence: \"E-mail of 1 May\"}) { purposeAssignment { id } errors { __typename } } }",
            "withdrawConsent", "purposeAssignment", new { id = consent.GetProperty("id").GetString() });
        await ws.GraphQL.MutateAsync(
            "mutation ($c: ID!) { setProcessingRestriction(input: {contactId: $c, restricted: true, since: \"2026-05-02T00:00:00Z\", reason: \"Accuracy contested\"}) { contact { id } errors { __typename } } }",
            "setProcessingRestriction", "contact", new { c = contactId });
        await ws.GraphQL.MutateAsync(
            "mutation ($c: ID!) { setMarketingObjection(input: {contactId: $c, objected: true, since: \"2026-05-03T00:00:00Z\"}) { contact { id } errors { __typename } } }",
            "setMarketingObjection", "contact", new { c = contactId });

        var privacy = await ws.GraphQL.QueryAsync(PrivacyOfContact, new { id = contactId });

        Assert.Equal("""{"legalBasis":"CONTRACT","consentGivenAt":null,"consentEvidence":null,"validUntil":null,"withdrawnAt":null,"purpose":{"name":"Orders"}}""",
            byContract.GetRawText().Replace($"\"id\":\"{byContract.GetProperty("id").GetString()}\",", "", StringComparison.Ordinal));
        Assert.Equal(
            """{"contact":{"privacy":{"source":{"type":{"name":"Trade fair"},"detail":"Hannover Messe, stand B12","date":"2026-04-22"},"purposes":["""
            + """{"purpose":{"name":"Newsletter"},"legalBasis":"CONSENT","consentGivenAt":"2026-04-22T08:15:00+00:00","consentEvidence":"Signed form at the stand, filed under 2026/17","validUntil":"2028-04-22T00:00:00+00:00","withdrawnAt":"2026-05-01T08:00:00+00:00","withdrawalEvidence":"E-mail of 1 May"},"""
            + """{"purpose":{"name":"Orders"},"legalBasis":"CONTRACT","consentGivenAt":null,"consentEvidence":null,"validUntil":null,"withdrawnAt":null,"withdrawalEvidence":null}],"restricted":true,"restrictedSince":"2026-05-02T00:00:00+00:00","restrictionReason":"Accuracy contested","objectsToDirectMarketing":true,"objectedSince":"2026-05-03T00:00:00+00:00","retentionReviewSince":null}}}""",
            privacy.GetRawText());
        Assert.Equal(["PURPOSE_CREATED", "PURPOSE_CREATED", "SOURCE_TYPE_CREATED", "CONTACT_SOURCE_SET", "PURPOSE_ASSIGNED", "PURPOSE_ASSIGNED", "CONSENT_WITHDRAWN", "PROCESSING_RESTRICTED", "OBJECTION_RECORDED"],
            await PrivacyTestKit.ActionsAsync(ws.GraphQL));
    }

    [SkippableFact]
    public async Task Consent_needs_when_and_how_and_a_withdrawal_cannot_be_repeated()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var newsletter = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "CONSENT");
        var contactId = await new TestData(ws.GraphQL).PersonIdAsync("Otto", "Ohnezustimmung");
        const string assign = "mutation ($input: AssignPurposeInput!) { assignPurpose(input: $input) { purposeAssignment { id } errors { __typename ... on ValidationError { field message } } } }";

        var missing = await ws.GraphQL.QueryAsync(assign, new { input = new { contactId, purposeId = newsletter } });
        var backwards = await ws.GraphQL.QueryAsync(assign, new { input = new { contactId, purposeId = newsletter, consent = new { givenAt = "2026-01-02T00:00:00Z", evidence = "Web form", validUntil = "2026-01-01T00:00:00Z" } } });
        var given = await PrivacyTestKit.AssignAsync(ws.GraphQL, new { contactId, purposeId = newsletter, consent = new { givenAt = "2026-01-02T00:00:00Z", evidence = "Web form, double opt-in" } });
        const string withdraw = "mutation ($id: ID!) { withdrawConsent(input: {id: $id}) { purposeAssignment { id } errors { __typename ... on ValidationError { field message } } } }";
        await ws.GraphQL.MutateAsync(withdraw, "withdrawConsent", "purposeAssignment", new { id = given.GetProperty("id").GetString() });
        var twice = await ws.GraphQL.QueryAsync(withdraw, new { id = given.GetProperty("id").GetString() });

        Assert.Equal("""{"assignPurpose":{"purposeAssignment":null,"errors":[{"__typename":"ValidationError","field":"consent","message":"Processing based on consent needs when (consent.givenAt) and how (consent.evidence) it was given."}]}}""", missing.GetRawText());
        Assert.Equal("""{"assignPurpose":{"purposeAssignment":null,"errors":[{"__typename":"ValidationError","field":"consent.validUntil","message":"consent.validUntil must lie after consent.givenAt."}]}}""", backwards.GetRawText());
        Assert.Equal("""{"withdrawConsent":{"purposeAssignment":null,"errors":[{"__typename":"ValidationError","field":"id","message":"The assignment was already withdrawn."}]}}""", twice.GetRawText());
        Assert.Equal(["PURPOSE_CREATED", "PURPOSE_ASSIGNED", "CONSENT_WITHDRAWN"], await PrivacyTestKit.ActionsAsync(ws.GraphQL));
    }

    [SkippableFact]
    public async Task Lifting_a_restriction_and_withdrawing_an_objection_clear_them_and_are_audited()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var contactId = await new TestData(ws.GraphQL).PersonIdAsync("Rita", "Restrict");
        const string restrict = "mutation ($c: ID!, $r: Boolean!) { setProcessingRestriction(input: {contactId: $c, restricted: $r}) { contact { privacy { restricted } } errors { __typename } } }";
        const string objection = "mutation ($c: ID!, $o: Boolean!) { setMarketingObjection(input: {contactId: $c, objected: $o}) { contact { privacy { objectsToDirectMarketing } } errors { __typename } } }";

        var on = await ws.GraphQL.MutateAsync(restrict, "setProcessingRestriction", "contact", new { c = contactId, r = true });
        var off = await ws.GraphQL.MutateAsync(restrict, "setProcessingRestriction", "contact", new { c = contactId, r = false });
        var objected = await ws.GraphQL.MutateAsync(objection, "setMarketingObjection", "contact", new { c = contactId, o = true });
        var withdrawn = await ws.GraphQL.MutateAsync(objection, "setMarketingObjection", "contact", new { c = contactId, o = false });

        Assert.Equal(("""{"privacy":{"restricted":true}}""", """{"privacy":{"restricted":false}}"""), (on.GetRawText(), off.GetRawText()));
        Assert.Equal(("""{"privacy":{"objectsToDirectMarketing":true}}""", """{"privacy":{"objectsToDirectMarketing":false}}"""), (objected.GetRawText(), withdrawn.GetRawText()));
        Assert.Equal(["PROCESSING_RESTRICTED", "RESTRICTION_LIFTED", "OBJECTION_RECORDED", "OBJECTION_WITHDRAWN"], await PrivacyTestKit.ActionsAsync(ws.GraphQL));
    }

    [SkippableFact]
    public async Task Another_workspaces_purposes_sources_and_contacts_are_not_found()
    {
        api.SkipIfUnavailable();
        var a = await PrivacyTestKit.NewWorkspaceAsync(api);
        var b = await PrivacyTestKit.NewWorkspaceAsync(api);
        var purposeOfA = await PrivacyTestKit.PurposeAsync(a.GraphQL, "A's purpose", "CONTRACT");
        var sourceOfA = await PrivacyTestKit.SourceTypeAsync(a.GraphQL, "A's fair");
        var contactOfA = await new TestData(a.GraphQL).PersonIdAsync("Anna", "Of-A");
        var contactOfB = await new TestData(b.GraphQL).PersonIdAsync("Bob", "Of-B");
        const string assign = "mutation ($input: AssignPurposeInput!) { assignPurpose(input: $input) { errors { __typename ... on NotFoundError { field } } } }";
        const string source = "mutation ($input: SetContactSourceInput!) { setContactSource(input: $input) { errors { __typename ... on NotFoundError { field } } } }";

        var foreignPurpose = await b.GraphQL.QueryAsync(assign, new { input = new { contactId = contactOfB, purposeId = purposeOfA } });
        var foreignContact = await b.GraphQL.QueryAsync(assign, new { input = new { contactId = contactOfA, purposeId = purposeOfA } });
        var foreignSource = await b.GraphQL.QueryAsync(source, new { input = new { contactId = contactOfB, typeId = sourceOfA } });
        var report = await b.GraphQL.QueryAsync("query ($id: ID!) { dataSubjectReport(contactId: $id) { contactId } }", new { id = contactOfA });

        Assert.Equal("""{"assignPurpose":{"errors":[{"__typename":"NotFoundError","field":"purposeId"}]}}""", foreignPurpose.GetRawText());
        Assert.Equal("""{"assignPurpose":{"errors":[{"__typename":"NotFoundError","field":"contactId"}]}}""", foreignContact.GetRawText());
        Assert.Equal("""{"setContactSource":{"errors":[{"__typename":"NotFoundError","field":"typeId"}]}}""", foreignSource.GetRawText());
        Assert.Equal("""{"dataSubjectReport":null}""", report.GetRawText());
        Assert.Empty(await PrivacyTestKit.ActionsAsync(b.GraphQL));
    }
}

public sealed class SqliteContactPrivacyTests(SqliteApi api) : ContactPrivacyTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlContactPrivacyTests(PostgresApi api) : ContactPrivacyTests(api), IClassFixture<PostgresApi>;
