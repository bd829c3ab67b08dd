using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Privacy;

/// <summary>Contact.privacy costs the same statements for a page of 2 or of 30 contacts (no N+1).</summary>
public abstract class ContactPrivacyLoadingTests(ApiHost api)
{
    private const string Page = """
        query ($w: ContactFilterInput, $first: Int!) {
          contacts(first: $first, where: $w, order: [{lastName: ASC}]) {
            nodes { privacy { source { type { name } detail } purposes { legalBasis purpose { name } } restricted objectsToDirectMarketing } }
          }
        }
        """;

    [SkippableFact]
    public async Task A_page_of_contacts_with_their_privacy_runs_a_fixed_number_of_statements()
    {
        api.SkipIfUnavailable();
        var data = new TestData(api.GraphQL);
        var purpose = await PrivacyTestKit.PurposeAsync(api.GraphQL, "Loading " + data.Marker, "CONTRACT");
        var type = await PrivacyTestKit.SourceTypeAsync(api.GraphQL, "Fair " + data.Marker);
        for (var i = 0; i < 30; i++)
        {
            var contactId = await data.PersonIdAsync("Load", $"Person {i:D2}");
            await PrivacyTestKit.AssignAsync(api.GraphQL, new { contactId, purposeId = purpose });
            await api.GraphQL.MutateAsync("mutation ($input: SetContactSourceInput!) { setContactSource(input: $input) { contact { id } errors { __typename } } }",
                "setContactSource", "contact", new { input = new { contactId, typeId = type, detail = $"Card {i}" } });
        }

        api.Statements.Reset();
        var small = await api.GraphQL.QueryAsync(Page, new { w = data.Mine, first = 2 });
        var smallCount = api.Statements.Count;
        api.Statements.Reset();
        var large = await api.GraphQL.QueryAsync(Page, new { w = data.Mine, first = 30 });
        var largeCount = api.Statements.Count;

        // Token entry, page, privacy records, purpose assignments, source types, purposes.
        Assert.Equal(6, smallCount);
        Assert.Equal(smallCount, largeCount);
        Assert.Equal(30, large.GetProperty("contacts").GetProperty("nodes").GetArrayLength());
        Assert.Equal(
            $$$"""{"contacts":{"nodes":[{"privacy":{"source":{"type":{"name":"Fair {{{data.Marker}}}"},"detail":"Card 0"},"purposes":[{"legalBasis":"CONTRACT","purpose":{"name":"Loading {{{data.Marker}}}"}}],"restricted":false,"objectsToDirectMarketing":false}},"""
            + $$$"""{"privacy":{"source":{"type":{"name":"Fair {{{data.Marker}}}"},"detail":"Card 1"},"purposes":[{"legalBasis":"CONTRACT","purpose":{"name":"Loading {{{data.Marker}}}"}}],"restricted":false,"objectsToDirectMarketing":false}}]}}""",
            small.GetRawText());
    }
}

public sealed class SqliteContactPrivacyLoadingTests(SqliteApi api) : ContactPrivacyLoadingTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlContactPrivacyLoadingTests(PostgresApi api) : ContactPrivacyLoadingTests(api), IClassFixture<PostgresApi>;
