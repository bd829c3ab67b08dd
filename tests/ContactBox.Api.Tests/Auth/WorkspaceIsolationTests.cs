using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;

namespace ContactBox.Api.Tests.Auth;

/// <summary>
/// Two workspaces, each with its own client: B's token on A's IDs finds nothing anywhere — node, nodes, root fields,
/// filters, nested fields, every mutation — and A's data is unchanged afterwards.
/// </summary>
public abstract class WorkspaceIsolationTests(ApiHost api)
{
    private const string StateOfA = """
        query ($contact: ID!, $entry: ID!, $appointment: ID!, $followUp: ID!) {
          contact(id: $contact) { lastName version timeline { totalCount nodes { subject } } followUps { nodes { subject isCompleted } } appointments { title status } }
          entry: node(id: $entry) { ... on TimelineEntry { subject } }
          appointment: node(id: $appointment) { ... on Appointment { title status } }
          followUp: node(id: $followUp) { ... on FollowUp { subject isCompleted } }
        }
        """;

    [SkippableFact]
    public async Task Another_workspaces_token_finds_and_changes_nothing_of_this_workspace()
    {
        api.SkipIfUnavailable();
        var a = api.GraphQL;
        var data = new TestData(a);
        var contact = await data.PersonIdAsync("Anna", "Isoliert");
        var entry = await data.TimelineEntryAsync(contact, "Vertraulich", "2026-01-01T10:00:00Z");
        var appointment = (await a.MutateAsync(
            "mutation ($contact: ID!) { createAppointment(input: {title: \"Termin A\", startsAt: \"2026-02-01T10:00:00Z\", endsAt: \"2026-02-01T11:00:00Z\", participantIds: [$contact]}) { appointment { id } errors { __typename } } }",
            "createAppointment", "appointment", new { contact })).GetProperty("id").GetString()!;
        var followUp = (await a.MutateAsync(
            "mutation ($contact: ID!) { createFollowUp(input: {contactId: $contact, dueAt: \"2026-03-01T10:00:00Z\", subject: \"Nachfassen A\"}) { followUp { id } errors { __typename } } }",
            "createFollowUp", "followUp", new { contact })).GetProperty("id").GetString()!;
        var member = await data.DemoAdminIdAsync();
        var ids = new { contact, entry, appointment, followUp };
        var before = await a.QueryAsync(StateOfA, ids);

        var workspaceB = await api.CreateWorkspaceAsync("B");
        var b = new GraphQLClient(api.WithToken(await api.TokenAsync(await api.CreateClientAsync(workspaceB, AuthScopes.All))));

        // Reads: node, nodes, contact(id:), filters on IDs and on data, nested lists.
        var reads = await b.QueryAsync(
            """
            query ($contact: ID!, $entry: ID!, $appointment: ID!, $followUp: ID!, $all: [ID!]!) {
              c: node(id: $contact) { id } e: node(id: $entry) { id } ap: node(id: $appointment) { id } f: node(id: $followUp) { id }
              nodes(ids: $all) { id }
              contact(id: $contact) { id }
              byId: contacts(where: {id: {eq: $contact}}) { totalCount }
              byName: contacts(where: {lastName: {eq: "Isoliert"}}) { totalCount nodes { timeline { totalCount } } }
              appointments(where: {id: {eq: $appointment}}) { totalCount }
              followUps(where: {id: {eq: $followUp}}) { totalCount }
            }
            """,
            new { contact, entry, appointment, followUp, all = new[] { contact, entry, appointment, followUp } });
        Assert.Equal(
            """{"c":null,"e":null,"ap":null,"f":null,"nodes":[null,null,null,null],"contact":null,"byId":{"totalCount":0},"byName":{"totalCount":0,"nodes":[]},"appointments":{"totalCount":0},"followUps":{"totalCount":0}}""",
            reads.GetRawText());

        // Writes: every mutation that takes an ID of A answers NotFoundError.
        var mutations = new (string Name, string Input, object Variables)[]
        {
            ("updateContact", "{id: $id, version: 1, lastName: \"Übernommen\"}", new { id = contact }),
            ("deleteContact", "{id: $id}", new { id = contact }),
            ("addTimelineEntry", "{contactId: $id, kind: NOTE, subject: \"Fremd\"}", new { id = contact }),
            ("updateTimelineEntry", "{id: $id, subject: \"Fremd\"}", new { id = entry }),
            ("deleteTimelineEntry", "{id: $id}", new { id = entry }),
            ("createAppointment", "{title: \"Fremd\", startsAt: \"2026-02-01T10:00:00Z\", endsAt: \"2026-02-01T11:00:00Z\", participantIds: [$id]}", new { id = contact }),
            ("updateAppointment", "{id: $id, title: \"Fremd\"}", new { id = appointment }),
            ("cancelAppointment", "{id: $id}", new { id = appointment }),
            ("createFollowUp", "{contactId: $id, dueAt: \"2026-03-01T10:00:00Z\", subject: \"Fremd\"}", new { id = contact }),
            ("updateFollowUp", "{id: $id, subject: \"Fremd\"}", new { id = followUp }),
            ("completeFollowUp", "{id: $id}", new { id = followUp }),
            ("reopenFollowUp", "{id: $id}", new { id = followUp }),
            // References from B's own new objects to A's: an employer, an owner, an organizer, an assignee.
            ("createContact", "{kind: PERSON, lastName: \"B\", employerId: $id}", new { id = contact }),
            ("createContact", "{kind: PERSON, lastName: \"B\", ownerId: $id}", new { id = member }),
            ("createAppointment", "{title: \"B\", startsAt: \"2026-02-01T10:00:00Z\", endsAt: \"2026-02-01T11:00:00Z\", organizerId: $id}", new { id = member }),
        };
        foreach (var (name, input, variables) in mutations)
        {
            var result = await b.QueryAsync($"mutation ($id: ID!) {{ {name}(input: {input}) {{ errors {{ __typename }} }} }}", variables);
            Assert.True(
                result.GetProperty(name).GetProperty("errors").GetRawText() == """[{"__typename":"NotFoundError"}]""",
                $"{name} with another workspace's ID answered {result}");
        }

        Assert.Equal(before.GetRawText(), (await a.QueryAsync(StateOfA, ids)).GetRawText());
        Assert.Equal(
            """{"lastName":"Isoliert","version":1,"timeline":{"totalCount":1,"nodes":[{"subject":"Vertraulich"}]},"followUps":{"nodes":[{"subject":"Nachfassen A","isCompleted":false}]},"appointments":[{"title":"Termin A","status":"SCHEDULED"}]}""",
            before.GetProperty("contact").GetRawText());
    }
}

public sealed class SqliteWorkspaceIsolationTests(SqliteApi api) : WorkspaceIsolationTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlWorkspaceIsolationTests(PostgresApi api) : WorkspaceIsolationTests(api), IClassFixture<PostgresApi>;
