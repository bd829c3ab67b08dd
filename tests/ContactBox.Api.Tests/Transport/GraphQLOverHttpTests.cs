using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Support;
using Snapshooter.Xunit;

namespace ContactBox.Api.Tests.Transport;

/// <summary>The GraphQL-over-HTTP specification, request by request, over real HTTP.</summary>
public sealed class GraphQLOverHttpTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private const string GraphQLResponseJson = "application/graphql-response+json; charset=utf-8";
    private const string JsonUtf8 = "application/json; charset=utf-8";

    [Fact]
    public async Task Post_with_json_answers_graphql_response_json_with_data()
    {
        var response = await PostAsync("""{"query":"{ __typename }"}""", GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(GraphQLResponseJson, response.ContentType);
        Assert.Equal("""{"data":{"__typename":"Query"}}""", response.Body.GetRawText());
    }

    [Fact]
    public async Task Accept_application_json_is_answered_with_application_json()
    {
        var response = await PostAsync("""{"query":"{ __typename }"}""", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(JsonUtf8, response.ContentType);
    }

    [Fact]
    public async Task A_request_without_accept_header_is_answered_with_application_json()
    {
        var response = await PostAsync("""{"query":"{ __typename }"}""", accept: null);

        Assert.Equal(JsonUtf8, response.ContentType);
    }

    [Fact]
    public async Task Accept_any_prefers_graphql_response_json()
    {
        var response = await PostAsync("""{"query":"{ __typename }"}""", "*/*");

        Assert.Equal(GraphQLResponseJson, response.ContentType);
    }

    [Fact]
    public async Task An_unacceptable_accept_header_gets_406()
    {
        var response = await PostAsync("""{"query":"{ __typename }"}""", "text/xml");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
        Assert.Equal("INVALID_REQUEST", response.FirstErrorCode);
    }

    [Fact]
    public async Task Get_runs_a_query()
    {
        var response = await GetAsync("/graphql?query=" + Uri.EscapeDataString("query Q($n: Int) { contacts(first: $n) { totalCount } }")
            + "&variables=" + Uri.EscapeDataString("""{"n":1}""") + "&operationName=Q");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(JsonValueKind.Number, response.Data.GetProperty("contacts").GetProperty("totalCount").ValueKind);
    }

    [Fact]
    public async Task Get_refuses_a_mutation_with_405_and_allow_post()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("mutation { deleteContact(input: {id: \"x\"}) { errors { __typename } } }"));
        request.Headers.Accept.ParseAdd(GraphQLClient.GraphQLResponseJson);
        using var http = await api.Http.SendAsync(request);
        var response = await GraphQLResponse.ReadAsync(http);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("POST", http.Content.Headers.Allow.Single());
        Assert.Equal("METHOD_NOT_ALLOWED", response.FirstErrorCode);
    }

    [Fact]
    public async Task Other_methods_get_405()
    {
        using var http = await api.Http.PutAsync("/graphql", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, http.StatusCode);
        Assert.Equal(["GET", "POST"], http.Content.Headers.Allow.OrderBy(m => m, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Malformed_json_gets_400_that_says_so()
    {
        var response = await PostAsync("""{"query": "{ __typename }" """, GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_REQUEST", response.FirstErrorCode);
        Assert.StartsWith("The request body is not a valid GraphQL request", response.FirstErrorMessage, StringComparison.Ordinal);
        Assert.False(response.Body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task A_request_without_query_gets_400()
    {
        var response = await PostAsync("""{"variables":{}}""", GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("The request has no 'query'.", response.FirstErrorMessage);
    }

    [Fact]
    public async Task A_syntax_error_is_400_with_graphql_response_json_and_200_with_application_json()
    {
        const string body = """{"query":"{ contacts { "}""";

        var strict = await PostAsync(body, GraphQLClient.GraphQLResponseJson);
        var legacy = await PostAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, strict.Status);
        Assert.Equal("SYNTAX_ERROR", strict.FirstErrorCode);
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal("SYNTAX_ERROR", legacy.FirstErrorCode);
    }

    [Fact]
    public async Task An_unknown_field_is_a_400_naming_the_field()
    {
        var response = await PostAsync("""{"query":"{ contacts { nodes { shoeSize } } }"}""", GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", response.FirstErrorCode);
        Assert.Contains("shoeSize", response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_variable_of_the_wrong_type_is_a_400_naming_the_variable()
    {
        var response = await PostAsync("""{"query":"query ($n: Int) { contacts(first: $n) { totalCount } }","variables":{"n":"ten"}}""", GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_VALUE", response.FirstErrorCode);
        Assert.Contains("$n", response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_on_a_field_that_is_not_filterable_is_rejected_before_execution()
    {
        var response = await PostAsync("""{"query":"{ contacts(where: {version: {eq: 1}}) { totalCount } }"}""", GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ARGUMENTS_OF_CORRECT_TYPE", response.FirstErrorCode);
        Assert.Contains("'version'", response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_size_above_the_maximum_is_a_field_error_with_its_own_code()
    {
        var response = await PostAsync("""{"query":"{ contacts(first: 101) { totalCount } }"}""", GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("PAGE_SIZE_TOO_LARGE", response.FirstErrorCode);
        Assert.Equal("first is 101, but at most 100 items can be requested per page.", response.FirstErrorMessage);
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
    }

    [Fact]
    public async Task An_invalid_id_is_a_field_error_not_a_server_error()
    {
        var response = await PostAsync("""{"query":"{ node(id: \"not-an-id\") { id } }"}""", GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("INVALID_ID", response.FirstErrorCode);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("node").ValueKind);
    }

    [Fact]
    public async Task An_over_deep_query_is_refused_before_execution()
    {
        var query = "{ contacts { nodes { employer { employer { employer { employer { employer { employer { employer { employer { employer { employer { employer { id } } } } } } } } } } } } } }";

        var response = await PostAsync(JsonSerializer.Serialize(new { query }), GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("depth", response.FirstErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_over_costly_query_is_refused_with_its_cost()
    {
        const string query = "{ contacts(first: 100) { nodes { timeline(first: 100) { nodes { contact { timeline(first: 100) { nodes { subject } } } } } } } }";

        var response = await PostAsync(JsonSerializer.Serialize(new { query }), GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("COMPLEXITY", response.FirstErrorCode);
        Assert.Equal("Query is too complex to execute. Complexity is 1030202; maximum allowed on this endpoint is 20000.", response.FirstErrorMessage);
    }

    [Fact]
    public async Task Introspection_costs_nothing_so_tools_can_load_the_schema()
    {
        const string query = "{ __schema { types { name fields { name args { name type { name ofType { name ofType { name } } } } type { name ofType { name ofType { name } } } } } } }";

        var response = await PostAsync(JsonSerializer.Serialize(new { query }), GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains(response.Data.GetProperty("__schema").GetProperty("types").EnumerateArray(), t => t.GetProperty("name").GetString() == "ContactsConnection");
    }

    [Fact]
    public async Task A_form_post_without_preflight_header_is_refused_as_csrf()
    {
        using var content = new FormUrlEncodedContent([new("query", "{ __typename }")]);
        using var http = await api.Http.PostAsync("/graphql", content);
        var response = await GraphQLResponse.ReadAsync(http);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("A application/x-www-form-urlencoded request needs the header 'GraphQL-Preflight: 1' (CSRF protection).", response.FirstErrorMessage);
    }

    [Fact]
    public async Task Text_plain_with_preflight_header_is_an_unsupported_media_type()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "text/plain") };
        request.Headers.Add("GraphQL-Preflight", "1");
        using var http = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, http.StatusCode);
    }

    [Fact]
    public async Task A_body_above_the_limit_gets_413()
    {
        var query = "{ __typename }" + new string(' ', 1024 * 1024 + 10);

        var response = await PostAsync(JsonSerializer.Serialize(new { query }), GraphQLClient.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("REQUEST_TOO_LARGE", response.FirstErrorCode);
    }

    [Fact]
    public async Task The_sdl_is_served_at_graphql_sdl()
    {
        using var http = await api.Http.GetAsync("/graphql?sdl");
        var sdl = await http.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, http.StatusCode);
        Assert.Equal("application/graphql; charset=utf-8", http.Content.Headers.ContentType!.ToString());
        Assert.Contains("interface Node {", sdl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_are_utf8_without_escaping_umlauts()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"mutation { createContact(input: {kind: ORGANIZATION, organizationName: \"Bäckerei Größe\"}) { contact { displayName } } }"}""", Encoding.UTF8, "application/json"),
        };
        using var http = await api.Http.SendAsync(request);
        var raw = Encoding.UTF8.GetString(await http.Content.ReadAsByteArrayAsync());

        Assert.Equal("""{"data":{"createContact":{"contact":{"displayName":"Bäckerei Größe"}}}}""", raw);
    }

    [Fact]
    public async Task Request_errors_have_the_specified_shape()
    {
        var response = await PostAsync("""{"query":"{ contacts(first: -1) { totalCount } }"}""", GraphQLClient.GraphQLResponseJson);

        Snapshot.Match(response.Body.GetRawText());
    }

    [Fact]
    public async Task Health_endpoints_answer_without_graphql()
    {
        using var live = await api.Http.GetAsync("/health/live");
        using var ready = await api.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    private async Task<GraphQLResponse> PostAsync(string body, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        using var http = await api.Http.SendAsync(request);
        return await GraphQLResponse.ReadAsync(http);
    }

    private async Task<GraphQLResponse> GetAsync(string url)
    {
        using var http = await api.Http.GetAsync(url);
        return await GraphQLResponse.ReadAsync(http);
    }
}
