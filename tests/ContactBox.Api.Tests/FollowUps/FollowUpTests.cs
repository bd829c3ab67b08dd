using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.FollowUps;

public abstract class FollowUpTests(ApiHost api)
{
    private GraphQLClient GraphQL
    {
        get
        {
            api.SkipIfUnavailable();
            return api.GraphQL;
        }
    }

    private const string Create = """
        mutation ($input: CreateFollowUpInput!) {
          createFollowUp(input: $input) { followUp { id subject dueAt isCompleted assignee { name } contact { lastName } } errors { __typename ... on Error { message } } }
        }
        """;

    [SkippableFact]
    public async Task Due_follow_ups_are_open_and_due_and_can_be_completed_and_reopened()
    {
        // As the demo member, signed in through the authorization code flow: a follow-up without an assignee is hers.
        var member = await api.DemoMemberGraphQLAsync();
        var data = new TestData(member);
        var contactId = await data.PersonIdAsync("Wieder", "Vorlage");
        var subject = data.Marker;
        var past = await member.MutateAsync(Create, "createFollowUp", "followUp", new { input = new { contactId, dueAt = "2020-01-01T09:00:00+01:00", subject } });
        await member.MutateAsync(Create, "createFollowUp", "followUp", new { input = new { contactId, dueAt = "2999-01-01T09:00:00Z", subject } });
        const string due = """
            query ($s: String!) { myDueFollowUps(where: {subject: {eq: $s}}) { nodes { dueAt isCompleted } } }
            """;

        var before = await member.QueryAsync(due, new { s = subject });
        var id = past.GetProperty("id").GetString();
        var completed = await member.MutateAsync("mutation ($id: ID!) { completeFollowUp(input: {id: $id}) { followUp { isCompleted } errors { __typename } } }", "completeFollowUp", "followUp", new { id });
        var afterCompletion = await member.QueryAsync(due, new { s = subject });
        var twice = await member.QueryAsync("mutation ($id: ID!) { completeFollowUp(input: {id: $id}) { errors { __typename ... on ValidationError { message } } } }", new { id });
        var reopened = await member.MutateAsync("mutation ($id: ID!) { reopenFollowUp(input: {id: $id}) { followUp { isCompleted completedAt } errors { __typename } } }", "reopenFollowUp", "followUp", new { id });

        Assert.Equal("""{"subject":"SUBJ","dueAt":"2020-01-01T08:00:00+00:00","isCompleted":false,"assignee":{"name":"Demo Admin"},"contact":{"lastName":"Vorlage"}}""".Replace("SUBJ", subject, StringComparison.Ordinal),
            past.GetRawText().Replace($"\"id\":\"{id}\",", "", StringComparison.Ordinal));
        Assert.Equal("""{"myDueFollowUps":{"nodes":[{"dueAt":"2020-01-01T08:00:00+00:00","isCompleted":false}]}}""", before.GetRawText());
        Assert.Equal("""{"isCompleted":true}""", completed.GetRawText());
        Assert.Equal("""{"myDueFollowUps":{"nodes":[]}}""", afterCompletion.GetRawText());
        Assert.Equal("""{"completeFollowUp":{"errors":[{"__typename":"ValidationError","message":"The follow-up is already completed."}]}}""", twice.GetRawText());
        Assert.Equal("""{"isCompleted":false,"completedAt":null}""", reopened.GetRawText());
    }

    [SkippableFact]
    public async Task My_due_follow_ups_are_refused_to_a_client_which_is_no_member()
    {
        var response = await GraphQL.SendAsync("{ myDueFollowUps { nodes { subject } } }");

        Assert.Equal(("AUTH_NOT_AUTHORIZED", "Only a team member has follow-ups of their own; this token speaks for a client."), (response.FirstErrorCode, response.FirstErrorMessage));
    }

    [SkippableFact]
    public async Task Follow_ups_are_listed_on_their_contact_and_filter_by_completion()
    {
        var data = new TestData(GraphQL);
        var contactId = await data.PersonIdAsync("Liste", "Kontakt");
        foreach (var month in new[] { "05", "03", "04" })
        {
            await GraphQL.MutateAsync(Create, "createFollowUp", "followUp", new { input = new { contactId, dueAt = $"2027-{month}-01T09:00:00Z", subject = $"Monat {month}" } });
        }

        var result = await GraphQL.QueryAsync(
            "query ($id: ID!) { contact(id: $id) { followUps(first: 2, where: {completedAt: {eq: null}}) { totalCount nodes { subject } } } }", new { id = contactId });

        Assert.Equal("""{"contact":{"followUps":{"totalCount":3,"nodes":[{"subject":"Monat 03"},{"subject":"Monat 04"}]}}}""", result.GetRawText());
    }
}

public sealed class SqliteFollowUpTests(SqliteApi api) : FollowUpTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlFollowUpTests(PostgresApi api) : FollowUpTests(api), IClassFixture<PostgresApi>;
