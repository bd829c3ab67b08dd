using System.Net;
using System.Text;
using System.Text.Json;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Export;

/// <summary>Hard bounces, per-client export purposes, and progress with the bulk-written included contacts.</summary>
public abstract class ExportCompletionTests(ApiHost api)
{
    private const string Bounces = """
        mutation ($input: RecordEmailBouncesInput!) {
          recordEmailBounces(input: $input) { bounces { address isHardBounced hardBouncedAt hardBounceReason softBounceCount lastSoftBounceAt }
            errors { __typename ... on Error { message } ... on ValidationError { field } } }
        }
        """;

    [SkippableFact]
    public async Task A_hard_bounced_address_is_left_out_of_newsletter_exports_until_cleared_and_soft_bounces_never_exclude()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        async Task<string> Person(string lastName, string email) => await ExportTestKit.ContactAsync(ws.GraphQL, new
        {
            kind = "PERSON",
            lastName,
            emails = new[] { new { address = email, label = (string?)null, isPrimary = true } },
        });
        var anna = await Person("Anna", "anna@example.de");
        var bernd = await Person("Bernd", "Bernd@Example.de");
        var carla = await Person("Carla", "carla@example.de");
        var ids = new[] { anna, bernd, carla };

        var recorded = await ws.GraphQL.MutateAsync(Bounces, "recordEmailBounces", "bounces", new
        {
            input = new
            {
                bounces = new object[]
                {
                    new { email = "bernd@example.de", kind = "HARD", occurredAt = "2026-11-20T10:00:00Z", reason = "550 5.1.1 user unknown" },
                    new { email = "BERND@example.de", kind = "HARD", occurredAt = "2026-11-25T10:00:00Z", reason = "again" },
                    new { email = "carla@example.de", kind = "SOFT", occurredAt = "2026-11-21T10:00:00Z", reason = "mailbox full" },
                    new { email = "carla@example.de", kind = "SOFT", occurredAt = "2026-11-22T10:00:00Z", reason = (string?)null },
                },
            },
        });
        var mailchimp = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = ids, fields = new[] { "PRIMARY_EMAIL", "LAST_NAME" }, purposeId = orders, preset = "MAILCHIMP" });
        var rapidmail = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = ids, fields = new[] { "PRIMARY_EMAIL" }, purposeId = orders, preset = "RAPIDMAIL" });
        var letters = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = ids, fields = new[] { "LAST_NAME" }, purposeId = orders, preset = "MAIL_MERGE" });
        var shown = await ws.GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { ... on Contact { primaryEmail { address bounce { isHardBounced hardBounceReason } } } } }", new { id = bernd });

        Assert.Equal(
            """[{"address":"bernd@example.de","isHardBounced":true,"hardBouncedAt":"2026-11-20T10:00:00+00:00","hardBounceReason":"550 5.1.1 user unknown","softBounceCount":0,"lastSoftBounceAt":null},"""
            + """{"address":"carla@example.de","isHardBounced":false,"hardBouncedAt":null,"hardBounceReason":null,"softBounceCount":2,"lastSoftBounceAt":"2026-11-22T10:00:00+00:00"}]""",
            recorded.GetRawText());
        Assert.Equal("""[{"reason":"HARD_BOUNCE","count":1}]""", mailchimp.GetProperty("result").GetProperty("exclusions").GetRawText());
        Assert.Equal([bernd], mailchimp.GetProperty("result").GetProperty("excludedContactIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Email Address,Last Name\r\nanna@example.de,Anna\r\ncarla@example.de,Carla\r\n", Text(await ExportTestKit.DownloadAsync(api.Anonymous, mailchimp)));
        Assert.Equal("""[{"reason":"HARD_BOUNCE","count":1}]""", rapidmail.GetProperty("result").GetProperty("exclusions").GetRawText());
        Assert.Equal("[]", letters.GetProperty("result").GetProperty("exclusions").GetRawText());
        Assert.Equal(3, letters.GetProperty("result").GetProperty("export").GetProperty("contactCount").GetInt32());
        Assert.Equal("""{"node":{"primaryEmail":{"address":"Bernd@Example.de","bounce":{"isHardBounced":true,"hardBounceReason":"550 5.1.1 user unknown"}}}}""", shown.GetRawText());

        var cleared = await ws.GraphQL.MutateAsync("mutation { clearEmailBounces(input: {emails: [\"Bernd@example.de\", \"nobody@example.de\"]}) { clearedEmails errors { __typename } } }",
            "clearEmailBounces", "clearedEmails");
        var again = await ExportTestKit.ExportAsync(ws.GraphQL, new { contactIds = ids, fields = new[] { "PRIMARY_EMAIL" }, purposeId = orders, preset = "MAILCHIMP" });

        Assert.Equal("""["bernd@example.de"]""", cleared.GetRawText());
        Assert.Equal("[]", again.GetProperty("result").GetProperty("exclusions").GetRawText());
        Assert.Equal(3, again.GetProperty("result").GetProperty("export").GetProperty("contactCount").GetInt32());
    }

    [SkippableFact]
    public async Task Bad_bounce_reports_are_typed_errors_and_nothing_is_recorded()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);

        var response = await ws.GraphQL.QueryAsync(Bounces, new
        {
            input = new
            {
                bounces = new object[]
                {
                    new { email = "ok@example.de", kind = "HARD", occurredAt = "2026-11-20T10:00:00Z", reason = (string?)null },
                    new { email = "not an address", kind = "HARD", occurredAt = "2026-11-20T10:00:00Z", reason = (string?)null },
                },
            },
        });
        var future = await ws.GraphQL.QueryAsync(Bounces, new
        {
            input = new { bounces = new[] { new { email = "ok@example.de", kind = "HARD", occurredAt = DateTimeOffset.UtcNow.AddDays(2).ToString("O"), reason = (string?)null } } },
        });

        Assert.Equal("""{"bounces":null,"errors":[{"__typename":"ValidationError","message":"'not an address' is not a valid e-mail address.","field":"bounces[1].email"}]}""",
            response.GetProperty("recordEmailBounces").GetRawText());
        Assert.Equal("""{"bounces":null,"errors":[{"__typename":"ValidationError","message":"occurredAt lies in the future.","field":"bounces[0].occurredAt"}]}""",
            future.GetProperty("recordEmailBounces").GetRawText());
        Assert.Equal(0, await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.Set<EmailBounce>().CountAsync()));
    }

    [SkippableFact]
    public async Task A_third_party_client_exports_only_for_the_purposes_an_admin_allowed_it_and_a_first_party_client_for_any_until_limited()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var newsletter = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Newsletter", "LEGITIMATE_INTERESTS");
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var contact = await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "PERSON", lastName = "Partnerkunde" });
        var email = $"p{Guid.NewGuid():N}"[..13] + "@example.de";
        await api.CreateMemberAsync(ws.Id, email, Password);
        var partner = await api.CreateMemberClientAsync(ws.Id, isThirdParty: true);
        var partnerGraphQL = new GraphQLClient(api.WithToken(await ConsentedTokenAsync(ws.Id, partner, email)));
        var firstParty = await api.CreateClientAsync(ws.Id, ["export", "contacts.read"]);
        var firstPartyGraphQL = new GraphQLClient(api.WithToken(await api.TokenAsync(firstParty)));
        object Input(string purposeId) => new { contactIds = new[] { contact }, fields = new[] { "LAST_NAME" }, purposeId };

        var refused = await ExportTestKit.ExportAsync(partnerGraphQL, Input(newsletter));
        Assert.Equal("""{"result":null,"errors":[{"__typename":"PurposeNotAllowedError","message":"The client 'Third-party app' is a third-party client with no export purposes: an admin sets them with setClientExportPurposes.","purposeId":"ID"}]}"""
            .Replace("ID", newsletter, StringComparison.Ordinal), refused.GetRawText());
        Assert.Equal(0, await ExportCountAsync(ws.GraphQL));
        Assert.Equal(["PURPOSE_CREATED", "PURPOSE_CREATED"], await PrivacyTestKit.ActionsAsync(ws.GraphQL));

        var set = await SetPurposesAsync(ws, partner.ClientId, newsletter);
        Assert.Equal("""{"client":{"clientId":"@CLIENT"},"purposes":[{"name":"Newsletter"}]}""".Replace("@CLIENT", partner.ClientId, StringComparison.Ordinal), set.GetRawText());
        var allowed = await ExportTestKit.ExportAsync(partnerGraphQL, Input(newsletter));
        var otherPurpose = await ExportTestKit.ExportAsync(partnerGraphQL, Input(orders));
        var record = allowed.GetProperty("result").GetProperty("export");
        Assert.Equal("Member", record.GetProperty("actorKind").GetString());
        var clientOfRecord = await ws.GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { ... on ContactExport { clientId contactCount } } }", new { id = record.GetProperty("id").GetString() });
        Assert.Equal("""{"node":{"clientId":"@CLIENT","contactCount":1}}""".Replace("@CLIENT", partner.ClientId, StringComparison.Ordinal), clientOfRecord.GetRawText());
        Assert.Equal("""{"result":null,"errors":[{"__typename":"PurposeNotAllowedError","message":"The client 'Third-party app' may not export for the purpose 'Orders': an admin sets its export purposes with setClientExportPurposes.","purposeId":"ID"}]}"""
            .Replace("ID", orders, StringComparison.Ordinal), otherPurpose.GetRawText());

        // A first-party client: any current purpose until an admin gives it a list, then only those.
        var before = await ExportTestKit.ExportAsync(firstPartyGraphQL, Input(orders));
        Assert.Equal(firstParty.ClientId, before.GetProperty("result").GetProperty("export").GetProperty("actorId").GetString());
        await SetPurposesAsync(ws, firstParty.ClientId, newsletter);
        var after = await ExportTestKit.ExportAsync(firstPartyGraphQL, Input(orders));
        Assert.Equal("PurposeNotAllowedError", after.GetProperty("errors")[0].GetProperty("__typename").GetString());
        Assert.Equal(2, await ExportCountAsync(ws.GraphQL));
        var listed = await ws.GraphQL.QueryAsync("{ oauthClients(first: 10) { nodes { clientId exportPurposes { name } } } }");
        Assert.Contains("{\"clientId\":\"" + partner.ClientId + "\",\"exportPurposes\":[{\"name\":\"Newsletter\"}]}", listed.GetRawText(), StringComparison.Ordinal);
    }

    private const string Password = "correct horse battery staple";

    /// <summary>A member's access token through a third-party client: signed in, consent given.</summary>
    private async Task<string> ConsentedTokenAsync(Guid workspaceId, Infrastructure.Auth.ClientCredentials client, string email)
    {
        using var browser = await api.BrowserAsync(workspaceId, client);
        using var signedIn = await browser.SubmitSignInAsync(await browser.RedirectOfAsync(browser.AuthorizeUrl("openid export contacts.read")), email, Password);
        var consent = await browser.Http.GetStringAsync(signedIn.Headers.Location);
        using var accepted = await browser.SubmitFormAsync(consent, "/connect/authorize", "consent", "accept");
        return (await MemberBrowser.ReadTokensAsync(await browser.RedeemCodeAsync(browser.CodeFrom(accepted.Headers.Location!)))).AccessToken;
    }

    private async Task<JsonElement> SetPurposesAsync(PrivacyTestKit.TestWorkspace ws, string clientId, params string[] purposeIds) =>
        await ws.GraphQL.MutateAsync(
            "mutation ($input: SetClientExportPurposesInput!) { setClientExportPurposes(input: $input) { clientExportPurposes { client { clientId } purposes { name } } errors { __typename } } }",
            "setClientExportPurposes", "clientExportPurposes", new { input = new { clientId = await ClientNodeIdAsync(ws.Id, clientId), purposeIds } });

    [SkippableFact]
    public async Task Progress_is_reported_every_thousand_rows_and_at_the_end_and_every_included_contact_is_recorded()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var purposeId = GlobalId.Parse(orders, "ProcessingPurpose", "purposeId");
        await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, async db =>
        {
            var today = DateTimeOffset.UtcNow;
            db.AddRange(Enumerable.Range(0, 2_345).Select(i => new Contact(ContactKind.Person, new ContactDetails { LastName = $"Person {i:D5}" }, today)));
            return await db.SaveChangesAsync();
        });
        var reports = new List<long>();

        var result = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => api.Services.GetRequiredService<ContactExporter>().ExportAsync(db,
            new ExportRequest(db.Contacts, purposeId, null, ExportPreset.GenericCsv, [ExportField.LastName], false), AuditActor.System, new ListProgress(reports), CancellationToken.None));

        Assert.Equal([1_000L, 2_000L, 2_345L], reports);
        Assert.Equal(2_345, result.Export.ContactCount);
        var recorded = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.Set<ExportedContactBucket>().Where(e => e.ExportId == result.Export.Id).ToListAsync());
        var contactIds = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.Contacts.Select(c => c.Id).ToListAsync());
        Assert.Equal(contactIds.Order(), recorded.SelectMany(r => r.ContactIdList()).Order());
        Assert.All(recorded, r => Assert.Equal(ws.Id, r.WorkspaceId));
        Assert.All(recorded, r => Assert.All(r.ContactIdList(), id => Assert.Equal(r.Bucket, ExportedContactBucket.BucketOf(id))));
        Assert.All(recorded, r => Assert.Equal(r.ContactIdList().Order(), r.ContactIdList()));
        var one = GlobalId.Format("Contact", contactIds[0]);
        var ofOne = await ws.GraphQL.QueryAsync("query ($c: ID) { exports(contactId: $c) { nodes { contactCount } } }", new { c = one });
        Assert.Equal("""{"exports":{"nodes":[{"contactCount":2345}]}}""", ofOne.GetRawText());
    }

    private async Task<string> ClientNodeIdAsync(Guid workspaceId, string clientId) =>
        GlobalId.Format("OAuthClient", await PrivacyTestKit.InWorkspaceAsync(api, workspaceId, db => db.OAuthClients.Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync()));

    private static async Task<int> ExportCountAsync(GraphQLClient graphQL) =>
        (await graphQL.QueryAsync("{ exports { totalCount } }")).GetProperty("exports").GetProperty("totalCount").GetInt32();

    private static string Text(byte[] bytes) => new UTF8Encoding(false).GetString(bytes);

    private sealed class ListProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}

public sealed class SqliteExportCompletionTests(SqliteApi api) : ExportCompletionTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlExportCompletionTests(PostgresApi api) : ExportCompletionTests(api), IClassFixture<PostgresApi>;

/// <summary>Export files are removed after the retention period by the scheduled job; the record stays and a download gets 410.</summary>
public abstract class ExportRetentionTests(ApiHost api)
{
    public static readonly IReadOnlyDictionary<string, string> ShortRetention = new Dictionary<string, string> { ["ContactBox:Export:FileRetention"] = "00:00:05" };

    [SkippableFact]
    public async Task The_retention_job_removes_files_past_the_retention_keeps_newer_ones_and_a_removed_file_answers_410()
    {
        api.SkipIfUnavailable();
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var contact = await ExportTestKit.ContactAsync(ws.GraphQL, new { kind = "PERSON", lastName = "Alt" });
        var input = new { contactIds = new[] { contact }, fields = new[] { "LAST_NAME" }, purposeId = orders };
        var old = await ExportTestKit.ExportAsync(ws.GraphQL, input);
        Assert.Equal("lastName\r\nAlt\r\n", Encoding.UTF8.GetString(await ExportTestKit.DownloadAsync(api.Anonymous, old)));
        await Task.Delay(TimeSpan.FromSeconds(6));
        var fresh = await ExportTestKit.ExportAsync(ws.GraphQL, input);
        var files = api.Services.GetRequiredService<ExportFiles>();
        var oldId = GlobalId.Parse(Id(old), "ContactExport", "id");
        var freshId = GlobalId.Parse(Id(fresh), "ContactExport", "id");

        var scheduler = await api.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(ExportFileRetentionJob.Key);
        for (var i = 0; i < 100 && File.Exists(files.PathOf(ws.Id, oldId)); i++)
        {
            await Task.Delay(100);
        }

        await Task.Delay(500); // the record is marked right after the file goes
        Assert.False(File.Exists(files.PathOf(ws.Id, oldId)));
        Assert.True(File.Exists(files.PathOf(ws.Id, freshId)));
        using var gone = await api.Anonymous.GetAsync(new Uri(old.GetProperty("result").GetProperty("download").GetProperty("url").GetString()!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("The export file was removed after the retention period.", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ws.Http.GetAsync(new Uri(fresh.GetProperty("result").GetProperty("download").GetProperty("url").GetString()!, UriKind.Relative))).StatusCode);
        var records = await ws.GraphQL.QueryAsync("{ exports { nodes { contactCount fileRemovedAt } } }");
        var nodes = records.GetProperty("exports").GetProperty("nodes");
        Assert.Equal(2, nodes.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, nodes[0].GetProperty("fileRemovedAt").ValueKind); // newest first
        Assert.Equal(JsonValueKind.String, nodes[1].GetProperty("fileRemovedAt").ValueKind);
        Assert.Equal(1, nodes[1].GetProperty("contactCount").GetInt32());
        Assert.Equal(["PURPOSE_CREATED", "CONTACTS_EXPORTED", "CONTACTS_EXPORTED"], await PrivacyTestKit.ActionsAsync(ws.GraphQL));
    }

    private static string Id(JsonElement result) => result.GetProperty("result").GetProperty("export").GetProperty("id").GetString()!;
}

public sealed class SqliteExportRetentionApi : SqliteApi
{
    protected override IReadOnlyDictionary<string, string> Settings => ExportRetentionTests.ShortRetention;
}

public sealed class PostgresExportRetentionApi : PostgresApi
{
    protected override IReadOnlyDictionary<string, string> Settings => ExportRetentionTests.ShortRetention;
}

public sealed class SqliteExportRetentionTests(SqliteExportRetentionApi api) : ExportRetentionTests(api), IClassFixture<SqliteExportRetentionApi>;

public sealed class PostgreSqlExportRetentionTests(PostgresExportRetentionApi api) : ExportRetentionTests(api), IClassFixture<PostgresExportRetentionApi>;
