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

    private const string TimelineBothWays = """
        query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
          contact(id: $id) {
            timeline(first: $first, after: $after, last: $last, before: $before) {
              edges { cursor node { subject } }
              pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            }
          }
        }
        """;

    [SkippableFact]
    public async Task The_nested_timeline_pages_backwards_with_the_cursors_of_paging_forwards()
    {
        var data = new TestData(GraphQL);
        var id = await data.PersonIdAsync("Back", "Wards");
        for (var day = 1; day <= 5; day++)
        {
            await data.TimelineEntryAsync(id, $"Day {day}", $"2026-03-0{day}T12:00:00+01:00");
        }

        // Newest first: Day 5 is at index 0 ("MA=="), Day 1 at index 4 ("NA==").
        Assert.Equal(
            """{"edges":[{"cursor":"Mw==","node":{"subject":"Day 2"}},{"cursor":"NA==","node":{"subject":"Day 1"}}],"pageInfo":{"hasNextPage":false,"hasPreviousPage":true,"startCursor":"Mw==","endCursor":"NA=="}}""",
            await PageAsync(new { id, last = 2 }));
        Assert.Equal(
            """{"edges":[{"cursor":"MQ==","node":{"subject":"Day 4"}},{"cursor":"Mg==","node":{"subject":"Day 3"}}],"pageInfo":{"hasNextPage":true,"hasPreviousPage":true,"startCursor":"MQ==","endCursor":"Mg=="}}""",
            await PageAsync(new { id, last = 2, before = "Mw==" }));
        Assert.Equal(
            """{"edges":[{"cursor":"MA==","node":{"subject":"Day 5"}}],"pageInfo":{"hasNextPage":true,"hasPreviousPage":false,"startCursor":"MA==","endCursor":"MA=="}}""",
            await PageAsync(new { id, last = 2, before = "MQ==" }));
        Assert.Equal(
            """{"edges":[{"cursor":"MA==","node":{"subject":"Day 5"}},{"cursor":"MQ==","node":{"subject":"Day 4"}}],"pageInfo":{"hasNextPage":true,"hasPreviousPage":false,"startCursor":"MA==","endCursor":"MQ=="}}""",
            await PageAsync(new { id, first = 2, before = "Mw==" }));

        // last with after: the last rows that still come after the cursor.
        Assert.Equal(
            """{"edges":[{"cursor":"Mg==","node":{"subject":"Day 3"}},{"cursor":"Mw==","node":{"subject":"Day 2"}},{"cursor":"NA==","node":{"subject":"Day 1"}}],"pageInfo":{"hasNextPage":false,"hasPreviousPage":true,"startCursor":"Mg==","endCursor":"NA=="}}""",
            await PageAsync(new { id, last = 10, after = "MQ==" }));
        Assert.Equal(
            """{"edges":[],"pageInfo":{"hasNextPage":false,"hasPreviousPage":true,"startCursor":null,"endCursor":null}}""",
            await PageAsync(new { id, last = 2, after = "NA==" }));
    }

    [SkippableFact]
    public async Task Each_contact_of_a_page_gets_its_own_last_entries_from_one_batch()
    {
        var data = new TestData(GraphQL);
        var few = await data.PersonIdAsync("Wenig", "Batchlast");
        var many = await data.PersonIdAsync("Viel", "Batchlast");
        await data.TimelineEntryAsync(few, "Wenig 1", "2026-04-01T09:00:00Z");
        for (var day = 1; day <= 4; day++)
        {
            await data.TimelineEntryAsync(many, $"Viel {day}", $"2026-04-0{day}T10:00:00Z");
        }

        var page = await GraphQL.QueryAsync("""
            {
              contacts(where: { lastName: { eq: "Batchlast" } }, order: [{ firstName: DESC }]) {
                nodes { firstName timeline(last: 2) { edges { cursor node { subject } } pageInfo { hasPreviousPage } totalCount } }
              }
            }
            """);

        Assert.Equal(
            """[{"firstName":"Wenig","timeline":{"edges":[{"cursor":"MA==","node":{"subject":"Wenig 1"}}],"pageInfo":{"hasPreviousPage":false},"totalCount":1}},"""
            + """{"firstName":"Viel","timeline":{"edges":[{"cursor":"Mg==","node":{"subject":"Viel 2"}},{"cursor":"Mw==","node":{"subject":"Viel 1"}}],"pageInfo":{"hasPreviousPage":true},"totalCount":4}}]""",
            page.GetProperty("contacts").GetProperty("nodes").GetRawText());
    }

    [SkippableTheory]
    [InlineData("timeline(first: 1, last: 1)", "Pass either first or last, not both.")]
    [InlineData("timeline(last: -1)", "last must not be negative.")]
    [InlineData("timeline(last: 1, after: \"bm9wZQ==\")", "'bm9wZQ==' given for after is not a cursor of this list.")]
    public async Task Backward_paging_arguments_of_the_nested_timeline_are_checked(string field, string message)
    {
        var id = await new TestData(GraphQL).PersonIdAsync("Falsch", "Rum");

        var response = await GraphQL.SendAsync("query ($id: ID!) { contact(id: $id) { " + field + " { totalCount } } }", new { id });

        Assert.Equal("INVALID_PAGING_ARGUMENTS", response.FirstErrorCode);
        Assert.Equal(message, response.FirstErrorMessage);
    }

    private async Task<string> PageAsync(object variables) =>
        (await GraphQL.QueryAsync(TimelineBothWays, variables)).GetProperty("contact").GetProperty("timeline").GetRawText();

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
