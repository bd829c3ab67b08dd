using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Timeline;

public abstract class TimelineTests(ApiHost api)
{
    private GraphQLClient GraphQL
    {
        get
        {
            api.SkipIfUnavailable();
            return api.GraphQL;
        }
    }

    private const string Timeline = """
        query ($id: ID!, $first: Int, $after: String, $where: TimelineEntryFilterInput, $order: [TimelineEntrySortInput!]) {
          contact(id: $id) {
            timeline(first: $first, after: $after, where: $where, order: $order) {
              totalCount
              nodes { kind direction subject occurredAt author { name } }
              pageInfo { hasNextPage hasPreviousPage endCursor }
            }
          }
        }
        """;

    // Entries written by an OAuth client (as these tests are) have no member as author.
    [SkippableFact]
    public async Task A_contacts_timeline_is_newest_first_and_pages_forward()
    {
        var data = new TestData(GraphQL);
        var id = await data.PersonIdAsync("Tim", "Line");
        for (var day = 1; day <= 5; day++)
        {
            await data.TimelineEntryAsync(id, $"Day {day}", $"2026-03-0{day}T12:00:00+01:00");
        }

        var first = await GraphQL.QueryAsync(Timeline, new { id, first = 2 });
        var timeline = first.GetProperty("contact").GetProperty("timeline");
        var next = await GraphQL.QueryAsync(Timeline, new { id, first = 2, after = timeline.GetProperty("pageInfo").GetProperty("endCursor").GetString() });

        Assert.Equal(
            """{"totalCount":5,"nodes":[{"kind":"NOTE","direction":null,"subject":"Day 5","occurredAt":"2026-03-05T11:00:00+00:00","author":null},{"kind":"NOTE","direction":null,"subject":"Day 4","occurredAt":"2026-03-04T11:00:00+00:00","author":null}],"pageInfo":{"hasNextPage":true,"hasPreviousPage":false,"endCursor":"MQ=="}}""",
            timeline.GetRawText());
        Assert.Equal(["Day 3", "Day 2"], next.GetProperty("contact").GetProperty("timeline").GetProperty("nodes").Strings("subject"));
    }

    [SkippableFact]
    public async Task The_timeline_filters_and_sorts_like_any_list()
    {
        var data = new TestData(GraphQL);
        var id = await data.PersonIdAsync("Fil", "Ter");
        await data.TimelineEntryAsync(id, "Anruf 1", "2026-01-01T09:00:00Z", "CALL");
        await data.TimelineEntryAsync(id, "Notiz", "2026-01-02T09:00:00Z");
        await data.TimelineEntryAsync(id, "Anruf 2", "2026-01-03T09:00:00Z", "CALL");

        var calls = await GraphQL.QueryAsync(Timeline, new { id, where = new { kind = new { eq = "CALL" } }, order = new[] { new { occurredAt = "ASC" } } });

        var timeline = calls.GetProperty("contact").GetProperty("timeline");
        Assert.Equal(["Anruf 1", "Anruf 2"], timeline.GetProperty("nodes").Strings("subject"));
        Assert.Equal(2, timeline.GetProperty("totalCount").GetInt32());
    }

    [SkippableFact]
    public async Task The_nested_timeline_pages_forwards_only()
    {
        var id = await new TestData(GraphQL).PersonIdAsync("Back", "Wards");

        var response = await GraphQL.SendAsync("query ($id: ID!) { contact(id: $id) { timeline(last: 2) { totalCount } } }", new { id });

        Assert.Equal("INVALID_PAGING_ARGUMENTS", response.FirstErrorCode);
        Assert.Equal("timeline is paged forwards only: use first and after.", response.FirstErrorMessage);
    }

    [SkippableFact]
    public async Task Entries_can_be_added_changed_and_deleted()
    {
        var data = new TestData(GraphQL);
        var contactId = await data.PersonIdAsync("Ed", "It");
        var added = await GraphQL.MutateAsync(
            """
            mutation ($input: AddTimelineEntryInput!) {
              addTimelineEntry(input: $input) { timelineEntry { id kind direction subject body occurredAt contact { lastName } } errors { __typename } }
            }
            """,
            "addTimelineEntry", "timelineEntry",
            new { input = new { contactId, kind = "EMAIL", direction = "OUTBOUND", subject = "Angebot", body = "Sehr geehrter Herr It, …", occurredAt = "2026-02-01T08:30:00+01:00" } });
        var id = added.GetProperty("id").GetString();

        var updated = await GraphQL.MutateAsync(
            "mutation ($id: ID!) { updateTimelineEntry(input: {id: $id, subject: \"Angebot v2\"}) { timelineEntry { kind direction subject body } errors { __typename } } }",
            "updateTimelineEntry", "timelineEntry", new { id });
        await GraphQL.MutateAsync("mutation ($id: ID!) { deleteTimelineEntry(input: {id: $id}) { timelineEntry { id } errors { __typename } } }", "deleteTimelineEntry", "timelineEntry", new { id });
        var gone = await GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { id } }", new { id });

        Assert.Equal("""{"kind":"EMAIL","direction":"OUTBOUND","subject":"Angebot","body":"Sehr geehrter Herr It, …","occurredAt":"2026-02-01T07:30:00+00:00","contact":{"lastName":"It"}}""",
            added.GetRawText().Replace($"\"id\":\"{id}\",", "", StringComparison.Ordinal));
        Assert.Equal("""{"kind":"EMAIL","direction":"OUTBOUND","subject":"Angebot v2","body":"Sehr geehrter Herr It, …"}""", updated.GetRawText());
        Assert.Equal("""{"node":null}""", gone.GetRawText());
    }

    [SkippableFact]
    public async Task Invalid_entries_are_refused_with_the_field()
    {
        var contactId = await new TestData(GraphQL).PersonIdAsync("In", "Valid");
        const string add = """
            mutation ($input: AddTimelineEntryInput!) {
              addTimelineEntry(input: $input) { timelineEntry { id } errors { __typename ... on ValidationError { field message } } }
            }
            """;

        var empty = await GraphQL.QueryAsync(add, new { input = new { contactId, kind = "NOTE" } });
        var system = await GraphQL.QueryAsync(add, new { input = new { contactId, kind = "SYSTEM", subject = "Fake" } });
        var noteWithDirection = await GraphQL.QueryAsync(add, new { input = new { contactId, kind = "NOTE", subject = "x", direction = "INBOUND" } });

        Assert.Equal("""[{"__typename":"ValidationError","field":"subject","message":"A timeline entry needs a subject or a body."}]""", empty.GetProperty("addTimelineEntry").GetProperty("errors").GetRawText());
        Assert.Equal("""[{"__typename":"ValidationError","field":"kind","message":"System entries are written by ContactBox itself."}]""", system.GetProperty("addTimelineEntry").GetProperty("errors").GetRawText());
        Assert.Equal("""[{"__typename":"ValidationError","field":"direction","message":"A note has no direction."}]""", noteWithDirection.GetProperty("addTimelineEntry").GetProperty("errors").GetRawText());
    }
}

public sealed class SqliteTimelineTests(SqliteApi api) : TimelineTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlTimelineTests(PostgresApi api) : TimelineTests(api), IClassFixture<PostgresApi>;
