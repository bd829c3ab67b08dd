using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;
using Snapshooter.Xunit;

namespace ContactBox.Api.Tests.Privacy;

public abstract class DataSubjectReportTests(ApiHost api)
{
    private const string FullReport = """
        query ($id: ID!) {
          dataSubjectReport(contactId: $id) {
            generatedAt contactId
            masterData {
              kind salutation title firstName lastName organizationName department jobTitle displayName website birthday employer
              emails { address label isPrimary } phones { number label isPrimary } addresses { label street postalCode city region country }
              tags createdAt updatedAt
            }
            timeline { kind direction subject body occurredAt }
            appointments { title description location startsAt endsAt status }
            followUps { subject note dueAt completedAt }
            attachments { fileName contentType size createdAt }
            source { type detail date }
            purposes {
              purpose description legalBasis dataCategories retentionDays purposeArchived assignedAt
              consentGivenAt consentEvidence validUntil withdrawnAt withdrawalEvidence isActive retainedUntil
            }
            restrictedSince restrictionReason objectedToDirectMarketingSince retentionReviewSince
            recipients { recipient purpose disclosedAt }
            customFields { key label value }
            emailBounces { address hardBouncedAt hardBounceReason softBounceCount lastSoftBounceAt }
          }
        }
        """;

    [SkippableFact]
    public async Task The_access_report_holds_everything_stored_about_the_contact()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var contact = await RichContact.CreateAsync(ws.GraphQL, "Musterfrau", "erika.musterfrau@example.org");
        await BouncesAsync(ws.GraphQL);

        var report = await ws.GraphQL.QueryAsync(FullReport, new { id = contact.Id });

        Snapshot.Match(Normalized(report, contact));
    }

    [SkippableFact]
    public async Task The_downloaded_report_is_the_same_report_as_json_and_both_are_audited()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var contact = await RichContact.CreateAsync(ws.GraphQL, "Musterfrau", "erika.musterfrau@example.org");
        await BouncesAsync(ws.GraphQL);
        var graph = (await ws.GraphQL.QueryAsync(FullReport, new { id = contact.Id })).GetProperty("dataSubjectReport");

        using var download = await ws.Http.GetAsync($"/privacy/data-subject-reports/{contact.Id}.json");
        var file = JsonNode.Parse(await download.Content.ReadAsStringAsync())!;
        var audit = await ws.GraphQL.QueryAsync("query ($s: ID!) { auditLog(subjectId: $s, where: {action: {eq: DATA_SUBJECT_REPORT_PRODUCED}}, order: [{sequence: ASC}]) { nodes { details } } }", new { s = contact.Id });

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"data-subject-report-{contact.Id}.json", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(graph.GetProperty("masterData").GetProperty("displayName").GetString(), file["contact"]!["displayName"]!.GetValue<string>());
        Assert.Equal(graph.GetProperty("timeline").GetArrayLength(), file["timeline"]!.AsArray().Count);
        Assert.Equal("Form signed by Musterfrau", file["purposes"]![0]!["consentEvidence"]!.GetValue<string>());
        Assert.Equal("Consent", file["purposes"]![0]!["legalBasis"]!.GetValue<string>());
        Assert.Equal("Product demo", file["appointments"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("""[{"key":"notiz","label":"Notiz","value":"Musterfrau kennt uns von der Messe"},{"key":"interessen","label":"Interessen","value":"Messe, Webinar"}]""",
            file["customFields"]!.ToJsonString());
        Assert.Equal("""[{"address":"erika.musterfrau@example.org","hardBouncedAt":"2026-11-02T09:00:00+00:00","hardBounceReason":"550 mailbox unknown","softBounceCount":1,"lastSoftBounceAt":"2026-10-30T08:00:00+00:00"}]""",
            file["emailBounces"]!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal(["""{"channel":"graphql"}""", """{"channel":"download"}"""],
            audit.GetProperty("auditLog").GetProperty("nodes").Strings("details"));
    }

    [SkippableFact]
    public async Task The_report_needs_the_privacy_admin_scope_over_graphql_and_as_a_download()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var contactId = await new TestData(ws.GraphQL).PersonIdAsync("Nina", "Noscope");
        var readOnlyClient = await api.CreateClientAsync(ws.Id, [AuthScopes.ContactsRead]);
        var readOnly = api.WithToken(await api.TokenAsync(readOnlyClient));

        var graph = await new GraphQLClient(readOnly).SendAsync("query ($id: ID!) { dataSubjectReport(contactId: $id) { contactId } }", new { id = contactId });
        using var forbidden = await readOnly.GetAsync($"/privacy/data-subject-reports/{contactId}.json");
        using var anonymous = await api.Anonymous.GetAsync($"/privacy/data-subject-reports/{contactId}.json");
        using var unknown = await ws.Http.GetAsync($"/privacy/data-subject-reports/{ContactBox.Api.GraphQL.Relay.GlobalId.Format("Contact", Guid.CreateVersion7())}.json");
        using var badId = await ws.Http.GetAsync("/privacy/data-subject-reports/not-an-id.json");

        Assert.Equal("AUTH_NOT_AUTHORIZED", graph.FirstErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Empty(await PrivacyTestKit.ActionsAsync(ws.GraphQL));
    }

    /// <summary>A newsletter service's report: the contact's address (in other case) bounced soft, then hard; another address too.</summary>
    private static async Task BouncesAsync(GraphQLClient graphQL) =>
        await graphQL.MutateAsync("mutation ($input: RecordEmailBouncesInput!) { recordEmailBounces(input: $input) { bounces { address } errors { __typename } } }",
            "recordEmailBounces", "bounces", new
            {
                input = new
                {
                    bounces = new object[]
                    {
                        new { email = "Erika.Musterfrau@example.org", kind = "SOFT", occurredAt = "2026-10-30T08:00:00Z", reason = "452 mailbox full" },
                        new { email = "erika.musterfrau@example.org", kind = "HARD", occurredAt = "2026-11-02T09:00:00Z", reason = "550 mailbox unknown" },
                        new { email = "someone.else@example.org", kind = "HARD", occurredAt = "2026-11-02T09:00:00Z", reason = "550 mailbox unknown" },
                    },
                },
            });

    /// <summary>The report with the values that differ per run (IDs, instants of now) replaced by placeholders.</summary>
    private static string Normalized(JsonElement report, RichContact contact)
    {
        var node = JsonNode.Parse(report.GetRawText())!;
        Replace(node, ["generatedAt", "createdAt", "updatedAt", "assignedAt"], "<now>");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .Replace(contact.Id, "<contactId>", StringComparison.Ordinal);
    }

    private static void Replace(JsonNode? node, string[] names, string placeholder)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (names.Contains(key) && value is not null)
                    {
                        obj[key] = placeholder;
                    }
                    else
                    {
                        Replace(value, names, placeholder);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Replace(item, names, placeholder);
                }

                break;
        }
    }
}

public sealed class SqliteDataSubjectReportTests(SqliteApi api) : DataSubjectReportTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlDataSubjectReportTests(PostgresApi api) : DataSubjectReportTests(api), IClassFixture<PostgresApi>;
