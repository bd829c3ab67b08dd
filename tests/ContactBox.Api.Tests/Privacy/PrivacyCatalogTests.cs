using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;

namespace ContactBox.Api.Tests.Privacy;

public abstract class PrivacyCatalogTests(ApiHost api)
{
    [SkippableFact]
    public async Task The_DPO_keeps_purposes_measures_and_source_types_and_each_change_is_audited()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var newsletter = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "CONSENT", 30, "contact details", "Contact details");
        var customers = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Customer care", "CONTRACT", 3650, "contact details", "correspondence");
        await ws.GraphQL.MutateAsync(
            "mutation ($input: CreateProtectionMeasureInput!) { createProtectionMeasure(input: $input) { measure { id } errors { __typename } } }",
            "createProtectionMeasure", "measure",
            new { input = new { category = "ENCRYPTION", title = "TLS everywhere", description = "All traffic encrypted.", purposeIds = new[] { newsletter } } });
        await ws.GraphQL.MutateAsync(
            "mutation ($input: CreateProtectionMeasureInput!) { createProtectionMeasure(input: $input) { measure { id } errors { __typename } } }",
            "createProtectionMeasure", "measure", new { input = new { category = "ACCESS_CONTROL", title = "Roles and scopes" } });
        var fair = await PrivacyTestKit.SourceTypeAsync(ws.GraphQL, "Trade fair");
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { archiveProcessingPurpose(input: {id: $id}) { purpose { isArchived } errors { __typename } } }",
            "archiveProcessingPurpose", "purpose", new { id = customers });

        var catalog = await ws.GraphQL.QueryAsync("""
            {
              privacy {
                purposes { name legalBasis dataCategories retentionDays isArchived }
                all: purposes(includeArchived: true) { name isArchived }
                measures { category title purposes { name } }
                sourceTypes { name }
                settings { retentionAction }
              }
            }
            """);

        Assert.Equal(
            """{"privacy":{"purposes":[{"name":"Newsletter","legalBasis":"CONSENT","dataCategories":["contact details"],"retentionDays":30,"isArchived":false}],"all":["""
            + """{"name":"Customer care","isArchived":true},{"name":"Newsletter","isArchived":false}],"measures":["""
            + """{"category":"ACCESS_CONTROL","title":"Roles and scopes","purposes":[]},{"category":"ENCRYPTION","title":"TLS everywhere","purposes":[{"name":"Newsletter"}]}],"sourceTypes":["""
            + """{"name":"Trade fair"}],"settings":{"retentionAction":"FLAG_FOR_REVIEW"}}}""",
            catalog.GetRawText());
        Assert.NotNull(fair);
        Assert.Equal(["PURPOSE_CREATED", "PURPOSE_CREATED", "MEASURE_CREATED", "MEASURE_CREATED", "SOURCE_TYPE_CREATED", "PURPOSE_ARCHIVED"], await PrivacyTestKit.ActionsAsync(ws.GraphQL));
    }

    [SkippableFact]
    public async Task A_purpose_in_use_is_archived_never_deleted_and_an_archived_one_takes_no_new_contacts()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var used = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Events", "LEGITIMATE_INTERESTS");
        var unused = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Never used", "CONTRACT");
        var contactId = await new TestData(ws.GraphQL).PersonIdAsync("Ina", "Inuse");
        await PrivacyTestKit.AssignAsync(ws.GraphQL, new { contactId, purposeId = used });
        const string delete = "mutation ($id: ID!) { deleteProcessingPurpose(input: {id: $id}) { purpose { name } errors { __typename ... on ValidationError { field message } } } }";

        var refused = await ws.GraphQL.QueryAsync(delete, new { id = used });
        var deleted = await ws.GraphQL.QueryAsync(delete, new { id = unused });
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { archiveProcessingPurpose(input: {id: $id}) { purpose { isArchived } errors { __typename } } }",
            "archiveProcessingPurpose", "purpose", new { id = used });
        var assignArchived = await ws.GraphQL.QueryAsync(
            "mutation ($input: AssignPurposeInput!) { assignPurpose(input: $input) { purposeAssignment { id } errors { __typename ... on ValidationError { field message } } } }",
            new { input = new { contactId, purposeId = used } });

        Assert.Equal("""{"deleteProcessingPurpose":{"purpose":null,"errors":[{"__typename":"ValidationError","field":"id","message":"The purpose is in use: archive it instead; purposes in use are never deleted."}]}}""", refused.GetRawText());
        Assert.Equal("""{"deleteProcessingPurpose":{"purpose":{"name":"Never used"},"errors":null}}""", deleted.GetRawText());
        Assert.Equal("""{"assignPurpose":{"purposeAssignment":null,"errors":[{"__typename":"ValidationError","field":"purposeId","message":"The purpose is archived; contacts can no longer be assigned to it."}]}}""", assignArchived.GetRawText());
        Assert.Equal(["PURPOSE_CREATED", "PURPOSE_CREATED", "PURPOSE_ASSIGNED", "PURPOSE_DELETED", "PURPOSE_ARCHIVED"], await PrivacyTestKit.ActionsAsync(ws.GraphQL));
    }

    [SkippableFact]
    public async Task Bad_catalog_input_gets_a_typed_error_naming_the_field_and_writes_nothing()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);

        var result = await ws.GraphQL.QueryAsync(
            "mutation { createProcessingPurpose(input: {name: \"Long keep\", legalBasis: CONTRACT, retentionDays: -1, dataCategories: [\"ok\", \" \"]}) { purpose { id } errors { __typename ... on ValidationError { field message } } } }");
        var measure = await ws.GraphQL.QueryAsync(
            "mutation ($p: ID!) { createProtectionMeasure(input: {category: OTHER, title: \"x\", purposeIds: [$p]}) { measure { id } errors { __typename ... on NotFoundError { field } } } }",
            new { p = GlobalId.Format("ProcessingPurpose", Guid.CreateVersion7()) });

        Assert.Equal("""{"createProcessingPurpose":{"purpose":null,"errors":[{"__typename":"ValidationError","field":"retentionDays","message":"retentionDays must lie between 0 and 36500."}]}}""", result.GetRawText());
        Assert.Equal("""{"createProtectionMeasure":{"measure":null,"errors":[{"__typename":"NotFoundError","field":"purposeIds"}]}}""", measure.GetRawText());
        Assert.Empty(await PrivacyTestKit.ActionsAsync(ws.GraphQL));
    }

    [SkippableFact]
    public async Task The_catalog_needs_the_privacy_admin_scope_and_for_members_the_DPO_or_ADMIN_role()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api, AuthScopes.ContactsRead, AuthScopes.ContactsWrite);
        await api.CreateMemberAsync(api.DemoWorkspaceId, "plain.member@contactbox.example", "Plain-Member-Passw0rd!", MemberRoles.Member);
        await api.CreateMemberAsync(api.DemoWorkspaceId, "the.dpo@contactbox.example", "The-Dpo-Passw0rd!", MemberRoles.Member | MemberRoles.Dpo);
        using var memberBrowser = await api.BrowserAsync(api.DemoWorkspaceId);
        var member = new GraphQLClient(api.WithToken((await memberBrowser.SignInAsync("plain.member@contactbox.example", "Plain-Member-Passw0rd!")).AccessToken));
        using var dpoBrowser = await api.BrowserAsync(api.DemoWorkspaceId);
        var dpo = new GraphQLClient(api.WithToken((await dpoBrowser.SignInAsync("the.dpo@contactbox.example", "The-Dpo-Passw0rd!")).AccessToken));
        const string create = "mutation { createContactSourceType(input: {name: \"Website form\"}) { sourceType { name } errors { __typename } } }";

        var noScope = await ws.GraphQL.SendAsync(create);
        var noRole = await member.SendAsync(create);
        var asDpo = await dpo.QueryAsync(create);
        var readByMember = await member.QueryAsync("{ privacy { sourceTypes { name } } }");
        var recorded = await dpo.QueryAsync("{ auditLog(first: 1) { nodes { action actorKind member { email } } } }");

        Assert.Equal(("AUTH_NOT_AUTHORIZED", "The field Mutation.createContactSourceType needs the scope privacy.admin, which the token does not carry."), (noScope.FirstErrorCode, noScope.FirstErrorMessage));
        Assert.Equal("AUTH_NOT_AUTHORIZED", noRole.FirstErrorCode);
        Assert.Contains("DPO or ADMIN", noRole.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Equal("""{"createContactSourceType":{"sourceType":{"name":"Website form"},"errors":null}}""", asDpo.GetRawText());
        Assert.Contains("""{"name":"Website form"}""", readByMember.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("""{"auditLog":{"nodes":[{"action":"SOURCE_TYPE_CREATED","actorKind":"MEMBER","member":{"email":"the.dpo@contactbox.example"}}]}}""", recorded.GetRawText());
    }
}

public sealed class SqlitePrivacyCatalogTests(SqliteApi api) : PrivacyCatalogTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlPrivacyCatalogTests(PostgresApi api) : PrivacyCatalogTests(api), IClassFixture<PostgresApi>;
