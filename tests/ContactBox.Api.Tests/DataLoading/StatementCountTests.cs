using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.DataLoading;

/// <summary>No N+1: a page of contacts with their related data costs the same statements for 2 or 40 contacts.</summary>
public abstract class StatementCountTests(ApiHost api)
{
    private const string ContactList = """
        query ($tag: String!, $first: Int!) {
          contacts(first: $first, order: [{lastName: ASC}], where: {tags: {some: {name: {eq: $tag}}}}) {
            nodes {
              displayName
              emails { address }
              phones { number }
              tags { name }
              owner { name }
              timeline(first: 3) { nodes { subject occurredAt author { name } } }
            }
          }
        }
        """;

    [SkippableFact]
    public async Task A_page_of_contacts_with_related_data_runs_a_fixed_number_of_statements()
    {
        api.SkipIfUnavailable();
        var data = new TestData(api.GraphQL);
        var me = await data.DemoAdminIdAsync();
        for (var i = 0; i < 40; i++)
        {
            var id = (await api.GraphQL.MutateAsync(
                "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { __typename } } }", "createContact", "contact",
                new { input = new { kind = "PERSON", lastName = $"Person {i:D2}", ownerId = me, tags = new[] { data.Marker }, emails = new[] { new { address = $"p{i}@example.de" } }, phones = new[] { new { number = "+49 30 1234" } } } }))
                .GetProperty("id").GetString()!;
            for (var e = 0; e < 4; e++)
            {
                await data.TimelineEntryAsync(id, $"Entry {e}", $"2026-0{e + 1}-01T10:00:00Z");
            }
        }

        var small = await CountStatementsAsync(data.Marker, 2);
        var large = await CountStatementsAsync(data.Marker, 40);

        // The access token's entry (revoked tokens stop working), then the page, its tags, the owners (one member
        // loader, cached; the authors are empty, as a client wrote the entries) and the timeline windows.
        Assert.Contains("OpenIddictTokens", small.First, StringComparison.Ordinal);
        Assert.Equal(5, small.Statements);
        Assert.Equal(small.Statements, large.Statements);
        Assert.Equal(40, large.Contacts);
        Assert.Equal(3, large.FirstTimeline);
    }

    private async Task<(int Statements, string First, int Contacts, int FirstTimeline)> CountStatementsAsync(string tag, int first)
    {
        api.Statements.Reset();
        var result = await api.GraphQL.QueryAsync(ContactList, new { tag, first });
        var nodes = result.GetProperty("contacts").GetProperty("nodes");
        return (api.Statements.Count, api.Statements.Statements[0], nodes.GetArrayLength(), nodes[0].GetProperty("timeline").GetProperty("nodes").GetArrayLength());
    }
}

public sealed class SqliteStatementCountTests(SqliteApi api) : StatementCountTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlStatementCountTests(PostgresApi api) : StatementCountTests(api), IClassFixture<PostgresApi>;
