using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContactBox.Api.Tests.Attachments;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;

namespace ContactBox.Api.Tests.Realtime;

/// <summary>Events reach subscribers after the mutation committed, filtered by workspace, arguments and access.</summary>
public abstract class SubscriptionEventTests(ApiHost api)
{
    private const string ContactChanged = "subscription ($where: ContactFilterInput) { contactChanged(where: $where) { kind contactId contact { displayName tags { name } } } }";

    private async Task<GraphQLWebSocketClient> SubscribedAsync(string query, object? variables = null, string? token = null)
    {
        api.SkipIfUnavailable();
        var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, token ?? api.AccessToken);
        await client.SubscribeAsync("s", query, variables);
        // The subscription is registered once its subscribe message has been handled; a ping round trip proves that.
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());
        await Task.Delay(200);
        return client;
    }

    private static JsonElement Event(JsonElement message, string field)
    {
        Assert.True(message.GetProperty("type").GetString() == "next", $"Expected next, got {message}");
        return message.GetProperty("payload").GetProperty("data").GetProperty(field);
    }

    [SkippableFact]
    public async Task ContactChanged_reports_creation_update_and_deletion()
    {
        await using var client = await SubscribedAsync(ContactChanged);
        var data = new TestData(api.GraphQL);

        // Each step waits for its event: a subscriber reads the contact when the event is delivered (its state then).
        var contact = await data.PersonAsync("Eva", "Event");
        var id = contact.GetProperty("id").GetString()!;
        var created = Event(await client.ReceiveAsync(), "contactChanged");
        await api.GraphQL.MutateAsync("mutation ($input: UpdateContactInput!) { updateContact(input: $input) { contact { id } errors { __typename } } }",
            "updateContact", "contact", new { input = new { id, version = contact.GetProperty("version").GetInt32(), lastName = "Evented" } });
        var updated = Event(await client.ReceiveAsync(), "contactChanged");
        await api.GraphQL.MutateAsync("mutation ($input: DeleteContactInput!) { deleteContact(input: $input) { contact { id } errors { __typename } } }",
            "deleteContact", "contact", new { input = new { id } });
        var deleted = Event(await client.ReceiveAsync(), "contactChanged");

        Assert.Equal(("CREATED", id, "Eva Event"), (created.GetProperty("kind").GetString(), created.GetProperty("contactId").GetString(), created.GetProperty("contact").GetProperty("displayName").GetString()));
        Assert.Equal(("UPDATED", id, "Eva Evented"), (updated.GetProperty("kind").GetString(), updated.GetProperty("contactId").GetString(), updated.GetProperty("contact").GetProperty("displayName").GetString()));
        Assert.Equal($$"""{"kind":"DELETED","contactId":"{{id}}","contact":null}""", deleted.GetRawText());
    }

    [SkippableFact]
    public async Task ContactChanged_with_where_delivers_only_matching_contacts()
    {
        var data = new TestData(api.GraphQL);
        await using var client = await SubscribedAsync(ContactChanged, new { where = new { tags = new { some = new { name = new { eq = "vip" + data.Marker } } } } });

        await data.PersonAsync("Not", "Important");
        await data.PersonAsync("Very", "Important", "vip" + data.Marker);

        var received = Event(await client.ReceiveAsync(), "contactChanged");
        Assert.Equal("Very Important", received.GetProperty("contact").GetProperty("displayName").GetString());
    }

    [SkippableFact]
    public async Task TimelineEntryAdded_with_contactId_delivers_only_that_contacts_entries()
    {
        var data = new TestData(api.GraphQL);
        var watched = await data.PersonIdAsync("Watched", "Person");
        var other = await data.PersonIdAsync("Other", "Person");
        await using var client = await SubscribedAsync("subscription ($id: ID) { timelineEntryAdded(contactId: $id) { subject contact { displayName } } }", new { id = watched });

        await data.TimelineEntryAsync(other, "Not for you", "2026-03-01T10:00:00Z");
        await data.TimelineEntryAsync(watched, "Called back", "2026-03-01T11:00:00Z");

        Assert.Equal("""{"subject":"Called back","contact":{"displayName":"Watched Person"}}""",
            Event(await client.ReceiveAsync(), "timelineEntryAdded").GetRawText());
    }

    [SkippableFact]
    public async Task AttachmentAdded_with_ownerId_delivers_only_that_owners_uploads()
    {
        var data = new TestData(api.GraphQL);
        var watched = await data.PersonIdAsync("Akte", "Watched");
        var other = await data.PersonIdAsync("Akte", "Other");
        await using var client = await SubscribedAsync("subscription ($id: ID) { attachmentAdded(ownerId: $id) { fileName sizeBytes ownerId } }", new { id = watched });
        var uploads = new AttachmentWorkspace(api.DemoWorkspaceId, api.Http, api.GraphQL);

        await uploads.UploadAsync(other, "other.pdf", SampleFiles.Pdf(1000, 71));
        await uploads.UploadAsync(watched, "watched.pdf", SampleFiles.Pdf(1200, 72));

        Assert.Equal($$"""{"fileName":"watched.pdf","sizeBytes":1200,"ownerId":"{{watched}}"}""",
            Event(await client.ReceiveAsync(), "attachmentAdded").GetRawText());
    }

    [SkippableFact]
    public async Task Each_workspace_receives_only_its_own_events()
    {
        api.SkipIfUnavailable();
        var otherWorkspace = await api.CreateWorkspaceAsync("Other GmbH " + Guid.NewGuid().ToString("N")[..6]);
        var otherToken = await api.TokenAsync(await api.CreateClientAsync(otherWorkspace, AuthScopes.All));
        var other = new GraphQLClient(api.WithToken(otherToken));
        await using var inDemo = await SubscribedAsync(ContactChanged);
        await using var inOther = await SubscribedAsync(ContactChanged, token: otherToken);

        await new TestData(api.GraphQL).PersonAsync("Demo", "Only");
        await new TestData(other).PersonAsync("Other", "Only");

        Assert.Equal("Demo Only", Event(await inDemo.ReceiveAsync(), "contactChanged").GetProperty("contact").GetProperty("displayName").GetString());
        Assert.Equal("Other Only", Event(await inOther.ReceiveAsync(), "contactChanged").GetProperty("contact").GetProperty("displayName").GetString());
        // Each side's next message would be the other workspace's event, had it leaked: a ping proves there is none.
        await inDemo.SendAsync(new { type = "ping" });
        await inOther.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await inDemo.ReceiveAsync()).GetProperty("type").GetString());
        Assert.Equal("pong", (await inOther.ReceiveAsync()).GetProperty("type").GetString());
    }

    [SkippableFact]
    public async Task A_subscription_over_server_sent_events_streams_next_events()
    {
        api.SkipIfUnavailable();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = "subscription { contactChanged { kind contact { displayName } } }" }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await Task.Delay(300);

        await new TestData(api.GraphQL).PersonAsync("Sse", "Reader");

        using var timeout = new CancellationTokenSource(GraphQLWebSocketClient.DefaultTimeout);
        var eventLine = await reader.ReadLineAsync(timeout.Token);
        var dataLine = await reader.ReadLineAsync(timeout.Token);
        Assert.Equal("event: next", eventLine);
        Assert.Equal("""data: {"data":{"contactChanged":{"kind":"CREATED","contact":{"displayName":"Sse Reader"}}}}""", dataLine);
    }

    [SkippableFact]
    public async Task A_query_over_server_sent_events_answers_next_then_complete()
    {
        api.SkipIfUnavailable();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await api.Http.SendAsync(request);

        Assert.Equal("event: next\ndata: {\"data\":{\"__typename\":\"Query\"}}\n\nevent: complete\ndata:\n\n", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_subscription_over_plain_HTTP_is_refused_with_400_naming_the_transports()
    {
        api.SkipIfUnavailable();
        var response = await api.GraphQL.SendAsync("subscription { contactChanged { kind } }");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_REQUEST", response.FirstErrorCode);
        Assert.Equal("A subscription needs a WebSocket (graphql-transport-ws) or Server-Sent Events (Accept: text/event-stream).", response.FirstErrorMessage);
    }

    [SkippableFact]
    public async Task A_subscription_over_server_sent_events_without_a_token_answers_401()
    {
        api.SkipIfUnavailable();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "subscription { contactChanged { kind } }" }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await api.Anonymous.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("AUTH_NOT_AUTHENTICATED", await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteSubscriptionEventTests(SqliteApi api) : SubscriptionEventTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlSubscriptionEventTests(PostgresApi api) : SubscriptionEventTests(api), IClassFixture<PostgresApi>;

/// <summary>Stopping the server completes open subscriptions with a close frame.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stopping_the_host_closes_open_sockets_with_1001()
    {
        var api = new FastCheckingRealtimeApi();
        await api.InitializeAsync();
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SubscribeAsync("s", "subscription { contactChanged { kind } }");

        var stopping = api.DisposeAsync();
        var code = await client.ReceiveCloseAsync();
        await stopping;

        Assert.Equal(1001, code);
        Assert.Equal("Server shutting down", client.CloseDescription);
    }
}
