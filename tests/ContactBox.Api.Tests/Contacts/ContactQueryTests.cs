using System.Text.Json;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Contacts;

/// <summary>Filtering, sorting and paging of contacts, translated to SQL on each provider.</summary>
public abstract class ContactQueryTests(ApiHost api)
{
    private const string Names = """
        query ($where: ContactFilterInput, $order: [ContactSortInput!], $first: Int, $after: String, $last: Int, $before: String) {
          contacts(where: $where, order: $order, first: $first, after: $after, last: $last, before: $before) {
            totalCount
            nodes { lastName }
            edges { cursor }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    private GraphQLClient GraphQL
    {
        get
        {
            api.SkipIfUnavailable();
            return api.GraphQL;
        }
    }

    private async Task<(TestData Data, string[] Ids)> FiveContactsAsync()
    {
        var data = new TestData(GraphQL);
        var ids = new List<string>();
        foreach (var (first, last, tag) in new[] { ("Anna", "Zander", "customer"), ("Bernd", "Adler", "lead"), ("Clara", "Müller", "customer"), ("Dieter", "Maier", "customer"), ("Eva", "Becker", "partner") })
        {
            ids.Add(await data.PersonIdAsync(first, last, tag));
        }

        return (data, ids.ToArray());
    }

    private async Task<JsonElement> ContactsAsync(object where, object? order = null, int? first = null, string? after = null, int? last = null, string? before = null) =>
        (await GraphQL.QueryAsync(Names, new { where, order, first, after, last, before })).GetProperty("contacts");

    private static object And(TestData data, object filter) => new { and = new[] { data.Mine, filter } };

    [SkippableFact]
    public async Task String_operations_filter_in_the_database()
    {
        var (data, _) = await FiveContactsAsync();

        async Task<IReadOnlyList<string?>> Matching(object filter) =>
            (await ContactsAsync(And(data, new { lastName = filter }), new[] { new { lastName = "ASC" } })).GetProperty("nodes").Strings("lastName");

        Assert.Equal(["Maier"], await Matching(new { eq = "Maier" }));
        Assert.Equal(["Adler", "Becker", "Müller", "Zander"], await Matching(new { neq = "Maier" }));
        Assert.Equal(["Maier", "Müller"], await Matching(new { startsWith = "M" }));
        Assert.Equal(["Becker", "Zander"], await Matching(new { endsWith = "er", nstartsWith = "M", nendsWith = "ler" }));
        Assert.Equal(["Müller"], await Matching(new { contains = "ll" }));
        Assert.Equal(["Adler", "Becker", "Maier", "Zander"], await Matching(new { ncontains = "ü" }));
        Assert.Equal(["Adler", "Zander"], await Matching(new { @in = new[] { "Zander", "Adler", "Nobody" } }));
        Assert.Equal(["Becker", "Maier", "Müller"], await Matching(new { nin = new[] { "Zander", "Adler" } }));
    }

    [SkippableFact]
    public async Task And_or_and_list_filters_combine()
    {
        var (data, _) = await FiveContactsAsync();

        var customersOrPartners = await ContactsAsync(
            new { and = new object[] { data.Mine, new { or = new object[] { new { tags = new { some = new { name = new { eq = "partner" } } } }, new { firstName = new { eq = "Anna" } } } } } },
            new[] { new { lastName = "ASC" } });
        var notCustomers = await ContactsAsync(And(data, new { tags = new { none = new { name = new { eq = "customer" } } } }), new[] { new { lastName = "ASC" } });
        var allTagsStartWithT = await ContactsAsync(And(data, new { tags = new { all = new { name = new { @in = new[] { "lead", data.Marker } } } } }));

        Assert.Equal(["Becker", "Zander"], customersOrPartners.GetProperty("nodes").Strings("lastName"));
        Assert.Equal(["Adler", "Becker"], notCustomers.GetProperty("nodes").Strings("lastName"));
        Assert.Equal(["Adler"], allTagsStartWithT.GetProperty("nodes").Strings("lastName"));
    }

    [SkippableFact]
    public async Task Filters_reach_into_json_contact_points_and_compare_dates()
    {
        var data = new TestData(GraphQL);
        await GraphQL.MutateAsync(
            "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { __typename } } }", "createContact", "contact",
            new { input = new { kind = "PERSON", lastName = "Mail", birthday = "1990-01-15", tags = new[] { data.Marker }, emails = new[] { new { address = "x@firma.example.de" } }, addresses = new[] { new { city = "Köln", country = "DE" } } } });
        await GraphQL.MutateAsync(
            "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { __typename } } }", "createContact", "contact",
            new { input = new { kind = "PERSON", lastName = "Other", birthday = "1970-06-30", tags = new[] { data.Marker }, emails = new[] { new { address = "y@anders.example.com" } } } });

        var byMail = await ContactsAsync(And(data, new { emails = new { some = new { address = new { endsWith = "@firma.example.de" } } } }));
        var byCity = await ContactsAsync(And(data, new { addresses = new { some = new { city = new { eq = "Köln" } } } }));
        var noAddress = await ContactsAsync(And(data, new { addresses = new { any = false } }));
        var bornAfter = await ContactsAsync(And(data, new { birthday = new { gt = "1980-01-01" } }));
        var createdRecently = await ContactsAsync(And(data, new { createdAt = new { gte = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"), lt = "2999-01-01T00:00:00+02:00" } }));

        Assert.Equal(["Mail"], byMail.GetProperty("nodes").Strings("lastName"));
        Assert.Equal(["Mail"], byCity.GetProperty("nodes").Strings("lastName"));
        Assert.Equal(["Other"], noAddress.GetProperty("nodes").Strings("lastName"));
        Assert.Equal(["Mail"], bornAfter.GetProperty("nodes").Strings("lastName"));
        Assert.Equal(2, createdRecently.GetProperty("totalCount").GetInt32());
    }

    [SkippableFact]
    public async Task Enum_and_id_filters_use_graphql_values()
    {
        var (data, ids) = await FiveContactsAsync();

        var byId = await ContactsAsync(And(data, new { id = new { @in = new[] { ids[0], ids[4] } }, kind = new { eq = "PERSON" } }), new[] { new { lastName = "DESC" } });
        var organisations = await ContactsAsync(And(data, new { kind = new { eq = "ORGANIZATION" } }));

        Assert.Equal(["Zander", "Becker"], byId.GetProperty("nodes").Strings("lastName"));
        Assert.Equal(0, organisations.GetProperty("totalCount").GetInt32());
    }

    [SkippableFact]
    public async Task Sorting_by_several_fields_is_stable()
    {
        var (data, _) = await FiveContactsAsync();

        var result = await GraphQL.QueryAsync(
            "query ($w: ContactFilterInput) { contacts(where: $w, order: [{firstName: DESC}]) { nodes { firstName } } }", new { w = data.Mine });
        var byTwo = await GraphQL.QueryAsync(
            "query ($w: ContactFilterInput) { contacts(where: $w, order: [{kind: ASC}, {lastName: DESC}]) { nodes { lastName } } }", new { w = data.Mine });

        Assert.Equal(["Eva", "Dieter", "Clara", "Bernd", "Anna"], result.GetProperty("contacts").GetProperty("nodes").Strings("firstName"));
        Assert.Equal(["Zander", "Müller", "Maier", "Becker", "Adler"], byTwo.GetProperty("contacts").GetProperty("nodes").Strings("lastName"));
    }

    [SkippableFact]
    public async Task Forward_paging_walks_all_pages_with_cursors()
    {
        var (data, _) = await FiveContactsAsync();
        var order = new[] { new { lastName = "ASC" } };

        var page1 = await ContactsAsync(data.Mine, order, first: 2);
        var page2 = await ContactsAsync(data.Mine, order, first: 2, after: page1.GetProperty("pageInfo").GetProperty("endCursor").GetString());
        var page3 = await ContactsAsync(data.Mine, order, first: 2, after: page2.GetProperty("pageInfo").GetProperty("endCursor").GetString());

        Assert.Equal(["Adler", "Becker"], page1.GetProperty("nodes").Strings("lastName"));
        Assert.Equal("""{"hasNextPage":true,"hasPreviousPage":false,"startCursor":"MA==","endCursor":"MQ=="}""", page1.GetProperty("pageInfo").GetRawText());
        Assert.Equal(["Maier", "Müller"], page2.GetProperty("nodes").Strings("lastName"));
        Assert.Equal(["Zander"], page3.GetProperty("nodes").Strings("lastName"));
        Assert.Equal("""{"hasNextPage":false,"hasPreviousPage":true,"startCursor":"NA==","endCursor":"NA=="}""", page3.GetProperty("pageInfo").GetRawText());
        Assert.Equal(5, page3.GetProperty("totalCount").GetInt32());
    }

    [SkippableFact]
    public async Task Backward_paging_takes_the_last_items_before_a_cursor()
    {
        var (data, _) = await FiveContactsAsync();
        var order = new[] { new { lastName = "ASC" } };

        var last2 = await ContactsAsync(data.Mine, order, last: 2);
        var before = await ContactsAsync(data.Mine, order, last: 2, before: last2.GetProperty("pageInfo").GetProperty("startCursor").GetString());

        Assert.Equal(["Müller", "Zander"], last2.GetProperty("nodes").Strings("lastName"));
        Assert.Equal("""{"hasNextPage":false,"hasPreviousPage":true,"startCursor":"Mw==","endCursor":"NA=="}""", last2.GetProperty("pageInfo").GetRawText());
        Assert.Equal(["Becker", "Maier"], before.GetProperty("nodes").Strings("lastName"));
        Assert.True(before.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
    }

    [SkippableFact]
    public async Task Bad_paging_arguments_are_field_errors()
    {
        var both = await GraphQL.SendAsync("{ contacts(first: 1, last: 1) { totalCount } }");
        var cursor = await GraphQL.SendAsync("""{ contacts(after: "nonsense") { totalCount } }""");

        Assert.Equal(("INVALID_PAGING_ARGUMENTS", "Pass either first or last, not both."), (both.FirstErrorCode, both.FirstErrorMessage));
        Assert.Equal(("INVALID_PAGING_ARGUMENTS", "'nonsense' given for after is not a cursor of this list."), (cursor.FirstErrorCode, cursor.FirstErrorMessage));
    }

    [SkippableFact]
    public async Task An_id_of_another_type_in_a_filter_is_an_error_naming_the_path()
    {
        var me = await new TestData(GraphQL).DemoAdminIdAsync();

        var response = await GraphQL.SendAsync("query ($id: ID!) { contacts(where: {and: [{id: {eq: $id}}]}) { totalCount } }", new { id = me });

        Assert.Equal("INVALID_FILTER", response.FirstErrorCode);
        Assert.Equal("Invalid filter at where.and[0].id.eq: The ID given for where.and[0].id.eq denotes a Member, not a Contact.", response.FirstErrorMessage);
    }

    [SkippableFact]
    public async Task Node_and_nodes_fetch_any_object_by_id()
    {
        var data = new TestData(GraphQL);
        var id = await data.PersonIdAsync("Nora", "Node");
        var me = await data.DemoAdminIdAsync();

        var result = await GraphQL.QueryAsync(
            "query ($id: ID!, $ids: [ID!]!) { node(id: $id) { __typename ... on Contact { lastName } } nodes(ids: $ids) { __typename id } }",
            new { id, ids = new[] { me, id } });

        Assert.Equal($$"""{"node":{"__typename":"Contact","lastName":"Node"},"nodes":[{"__typename":"Member","id":"{{me}}"},{"__typename":"Contact","id":"{{id}}"}]}""", result.GetRawText());
    }
}

public sealed class SqliteContactQueryTests(SqliteApi api) : ContactQueryTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlContactQueryTests(PostgresApi api) : ContactQueryTests(api), IClassFixture<PostgresApi>;
