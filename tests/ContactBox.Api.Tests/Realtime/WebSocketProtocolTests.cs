using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Realtime;

/// <summary>The graphql-transport-ws protocol over a real WebSocket against the real host, rule by rule.</summary>
public sealed class WebSocketProtocolTests(FastCheckingRealtimeApi api) : IClassFixture<FastCheckingRealtimeApi>
{
    [Fact]
    public async Task The_token_in_connection_init_is_acknowledged_and_a_query_answers_next_then_complete()
    {
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SubscribeAsync("q1", "{ me { scopes } __typename }");

        var next = await client.ReceiveAsync();
        var complete = await client.ReceiveAsync();

        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("q1", next.GetProperty("id").GetString());
        Assert.Equal("Query", next.GetProperty("payload").GetProperty("data").GetProperty("__typename").GetString());
        Assert.Contains("contacts.read", next.GetProperty("payload").GetProperty("data").GetProperty("me").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("""{"id":"q1","type":"complete"}""", complete.GetRawText());
    }

    [Fact]
    public async Task The_token_of_the_upgrade_requests_Authorization_header_is_accepted()
    {
        await using var client = await GraphQLWebSocketClient.ConnectAsync(api.BaseAddress, bearerToken: api.AccessToken);
        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal("""{"type":"connection_ack"}""", (await client.ReceiveAsync()).GetRawText());
    }

    [Fact]
    public async Task A_mutation_runs_over_the_socket()
    {
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SendAsync(new
        {
            id = "m1",
            type = "subscribe",
            payload = new
            {
                query = "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { displayName } errors { __typename } } }",
                variables = new { input = new { kind = "ORGANIZATION", organizationName = "Socket GmbH" } },
            },
        });

        var next = await client.ReceiveAsync();
        Assert.Equal("""{"contact":{"displayName":"Socket GmbH"},"errors":null}""",
            next.GetProperty("payload").GetProperty("data").GetProperty("createContact").GetRawText());
        Assert.Equal("complete", (await client.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_invalid_document_answers_error_with_the_GraphQL_errors()
    {
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SubscribeAsync("bad", "{ noSuchField }");

        var error = await client.ReceiveAsync();

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("bad", error.GetProperty("id").GetString());
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_subscription_needing_a_scope_the_token_lacks_answers_error_not_authorized()
    {
        var client = await api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.ContactsWrite]);
        var token = await api.TokenAsync(client);
        await using var socket = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, token);
        await socket.SubscribeAsync("s", "subscription { contactChanged { kind } }");

        var error = await socket.ReceiveAsync();

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("AUTH_NOT_AUTHORIZED", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Ping_is_answered_with_pong()
    {
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SendAsync(new { type = "ping", payload = new { n = 1 } });

        Assert.Equal("""{"type":"pong"}""", (await client.ReceiveAsync()).GetRawText());
    }

    [Fact]
    public async Task A_pong_from_the_client_is_accepted_without_answer()
    {
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SendAsync(new { type = "pong" });
        await client.SendAsync(new { type = "ping" });

        Assert.Equal("""{"type":"pong"}""", (await client.ReceiveAsync()).GetRawText());
    }

    [Fact]
    public async Task Without_connection_init_the_socket_is_closed_with_4408()
    {
        await using var client = await GraphQLWebSocketClient.ConnectAsync(api.BaseAddress);

        Assert.Equal(4408, await client.ReceiveCloseAsync());
        Assert.Equal("Connection initialisation timeout", client.CloseDescription);
    }

    [Fact]
    public async Task A_second_connection_init_closes_with_4429()
    {
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + api.AccessToken } });

        Assert.Equal(4429, await client.ReceiveCloseAsync());
        Assert.Equal("Too many initialisation requests", client.CloseDescription);
    }

    [Fact]
    public async Task Subscribe_before_the_acknowledgement_closes_with_4401()
    {
        await using var client = await GraphQLWebSocketClient.ConnectAsync(api.BaseAddress);
        await client.SubscribeAsync("early", "{ __typename }");

        Assert.Equal(4401, await client.ReceiveCloseAsync());
        Assert.Equal("Unauthorized", client.CloseDescription);
    }

    [Fact]
    public async Task A_duplicate_operation_id_closes_with_4409()
    {
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SubscribeAsync("same", "subscription { contactChanged { kind } }");
        await client.SubscribeAsync("same", "subscription { contactChanged { kind } }");

        Assert.Equal(4409, await client.ReceiveCloseAsync());
        Assert.Equal("Subscriber for same already exists", client.CloseDescription);
    }

    [Theory]
    [InlineData("not json", "Invalid message received: the message is not JSON")]
    [InlineData("""{"kind":"ping"}""", "Invalid message received: the message has no string 'type'")]
    [InlineData("""{"type":"shout"}""", "Invalid message received: unknown type 'shout'")]
    [InlineData("""{"type":"subscribe","payload":{"query":"{ __typename }"}}""", "Invalid message received: subscribe needs a non-empty string 'id'")]
    [InlineData("""{"type":"subscribe","id":"x","payload":{}}""", "Invalid message received: subscribe needs a payload with a string 'query'")]
    [InlineData("""{"type":"connection_init","payload":"token"}""", "Invalid message received: the connection_init payload must be an object")]
    [InlineData("""{"type":"next","id":"x","payload":{}}""", "Invalid message received: unknown type 'next'")]
    public async Task An_invalid_message_closes_with_4400(string message, string reason)
    {
        await using var client = await GraphQLWebSocketClient.ConnectAsync(api.BaseAddress);
        await client.SendTextAsync(message);

        Assert.Equal(4400, await client.ReceiveCloseAsync());
        Assert.Equal(reason, client.CloseDescription);
    }

    [Fact]
    public async Task A_message_longer_than_the_receive_buffer_is_read_whole_and_the_next_short_one_too()
    {
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        // 20,000 bytes arrive in several reads of the connection's 512-byte buffer and are assembled; the short
        // message after it is read on its own.
        await client.SendAsync(new { type = "ping", payload = new { padding = new string('x', 20_000) } });
        Assert.Equal("""{"type":"pong"}""", (await client.ReceiveAsync()).GetRawText());
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("""{"type":"pong"}""", (await client.ReceiveAsync()).GetRawText());
    }

    [Fact]
    public async Task A_message_over_MaxMessageBytes_closes_with_4400()
    {
        var limit = api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RealtimeOptions>>().Value.MaxMessageBytes;
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SendAsync(new { type = "ping", payload = new { padding = new string('x', limit) } });

        Assert.Equal(4400, await client.ReceiveCloseAsync());
        Assert.Equal($"Message larger than {limit} bytes", client.CloseDescription);
    }

    [Fact]
    public async Task An_invalid_token_in_connection_init_closes_with_4403()
    {
        await using var client = await GraphQLWebSocketClient.ConnectAsync(api.BaseAddress);
        await client.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer not-a-token" } });

        Assert.Equal(4403, await client.ReceiveCloseAsync());
        Assert.Equal("Forbidden: the access token is not valid", client.CloseDescription);
    }

    [Fact]
    public async Task Without_any_token_connection_init_closes_with_4403()
    {
        await using var client = await GraphQLWebSocketClient.ConnectAsync(api.BaseAddress);
        await client.SendAsync(new { type = "connection_init", payload = new { } });

        Assert.Equal(4403, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_socket_without_the_subprotocol_is_closed_with_4406()
    {
        await using var client = await GraphQLWebSocketClient.ConnectAsync(api.BaseAddress, subProtocol: null);

        Assert.Equal(4406, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Revoking_the_token_ends_the_connection_with_4403()
    {
        var credentials = await api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All);
        var token = await api.TokenAsync(credentials);
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, token);
        await client.SubscribeAsync("s", "subscription { contactChanged { kind } }");

        await api.RevokeClientAsync(api.DemoWorkspaceId, credentials.ClientId);

        Assert.Equal(4403, await client.ReceiveCloseAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal("Forbidden: the access token expired or was revoked", client.CloseDescription);
    }

    [Fact]
    public async Task Completing_a_subscription_stops_its_events_and_others_go_on()
    {
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SubscribeAsync("a", "subscription { contactChanged { kind contact { displayName } } }");
        await client.SubscribeAsync("b", "subscription { contactChanged { kind contact { displayName } } }");
        await Task.Delay(300); // both subscriptions are registered before the first mutation
        await client.SendAsync(new { id = "a", type = "complete" });
        await Task.Delay(300);

        await new TestData(api.GraphQL).PersonAsync("Only", "ForB");

        var message = await client.ReceiveAsync();
        Assert.Equal("b", message.GetProperty("id").GetString());
        Assert.Equal("Only ForB", message.GetProperty("payload").GetProperty("data").GetProperty("contactChanged").GetProperty("contact").GetProperty("displayName").GetString());
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());
    }
}

/// <summary>Token expiry ends open subscriptions.</summary>
public sealed class WebSocketTokenExpiryTests(ShortTokenRealtimeApi api) : IClassFixture<ShortTokenRealtimeApi>
{
    [Fact]
    public async Task An_expiring_token_ends_the_connection_with_4403_at_its_expiry()
    {
        var credentials = await api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All);
        var token = await api.TokenAsync(credentials);
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, token);
        await client.SubscribeAsync("s", "subscription { contactChanged { kind } }");

        Assert.Equal(4403, await client.ReceiveCloseAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("Forbidden: the access token expired or was revoked", client.CloseDescription);
    }

    [Fact]
    public async Task An_expiring_token_ends_a_server_sent_events_stream_with_an_error_then_complete()
    {
        var credentials = await api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All);
        using var http = api.WithToken(await api.TokenAsync(credentials));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { query = "subscription { contactChanged { kind } }" }),
        };
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var body = await response.Content.ReadAsStringAsync(timeout.Token);

        Assert.Equal("event: next\ndata: {\"errors\":[{\"message\":\"The access token expired or was revoked.\",\"extensions\":{\"code\":\"AUTH_NOT_AUTHENTICATED\"}}]}\n\nevent: complete\ndata:\n\n", body);
    }
}

/// <summary>A connection that cannot keep up is closed (1013) instead of buffering without bound.</summary>
public sealed class SlowSubscriberTests(TinyBufferRealtimeApi api) : IClassFixture<TinyBufferRealtimeApi>
{
    [Fact]
    public async Task A_burst_beyond_the_connections_buffer_closes_it_with_1013_and_others_go_on()
    {
        var contact = await new TestData(api.GraphQL).PersonIdAsync("Burst", "Source");
        var contactId = ContactBox.Api.GraphQL.Relay.GlobalId.Parse(contact, "Contact", "id");
        // A small receive window and no reading: the server's writes stall once the socket buffers between are full.
        await using var slow = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken, receiveBufferBytes: 1024);
        await slow.SubscribeAsync("s", "subscription { contactChanged { kind contact { displayName } } }");
        await slow.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await slow.ReceiveAsync()).GetProperty("type").GetString());
        await Task.Delay(200);

        // Publish until the subscription is gone (its buffer overflowed and the connection was closed).
        var hub = api.Services.GetRequiredService<RealtimeHub>();
        var publisher = api.Services.GetRequiredService<IRealtimePublisher>();
        var published = 0;
        for (; published < 50_000 && hub.HandlerCount > 0; published++)
        {
            await publisher.PublishAsync(new RealtimeEvent("contactChanged", api.DemoWorkspaceId, contactId) { Change = "UPDATED", PublishedAt = DateTimeOffset.UtcNow });
            if (published % 100 == 99)
            {
                await Task.Delay(10);
            }
        }

        Assert.True(hub.HandlerCount == 0, $"{published} events did not fill the buffer");
        // Reading again lets the stalled writes finish; the close frame follows what was written before it.
        var code = 0;
        for (var i = 0; i <= published && code == 0; i++)
        {
            if (await slow.TryReceiveAsync(GraphQLWebSocketClient.DefaultTimeout) is null)
            {
                code = (int)slow.CloseStatus!.Value;
            }
        }

        Assert.Equal(1013, code);
        Assert.Equal("Subscriber too slow: 2 events are waiting", slow.CloseDescription);
        await using var other = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await other.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await other.ReceiveAsync()).GetProperty("type").GetString());
    }
}
