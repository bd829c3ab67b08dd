using System.Net.Http.Headers;
using System.Net.Http.Json;
using ContactBox.Domain.Auth;
using ContactBox.Api.GraphQL.Transport;
using ContactBox.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Realtime;

/// <summary>
/// The open connections' tokens are checked together: one sweep is one statement for all of them, and it ends exactly
/// the connections whose token was revoked (WebSocket with 4403, SSE with its error event); the others go on.
/// </summary>
public abstract class TokenWatchTests(ApiHost api)
{
    [SkippableFact]
    public async Task One_sweep_checks_every_open_connections_token_in_one_statement_and_ends_only_the_revoked_ones()
    {
        api.SkipIfUnavailable();
        var watch = api.Services.GetRequiredService<TokenWatch>();
        var client = await api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All);
        var tokens = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            tokens.Add(await api.TokenAsync(client));
        }

        await using var kept = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, tokens[0]);
        await using var revoked = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, tokens[1]);
        await using var alsoKept = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, tokens[2]);
        foreach (var socket in new[] { kept, revoked, alsoKept })
        {
            await socket.SubscribeAsync("s", "subscription { contactChanged { kind contact { displayName } } }");
        }

        using var http = api.WithToken(tokens[3]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "subscription { contactChanged { kind } }" }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var stream = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); watch.Count < 4 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
        }

        var watchedBefore = watch.Count;
        foreach (var token in new[] { tokens[1], tokens[3] })
        {
            using var revocation = await api.Anonymous.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token, ["token_type_hint"] = "access_token", ["client_id"] = client.ClientId, ["client_secret"] = client.ClientSecret,
            }));
            Assert.True(revocation.IsSuccessStatusCode);
        }

        api.Statements.Reset();
        await watch.SweepAsync(CancellationToken.None);
        var statements = api.Statements.Statements.ToList();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var sse = await stream.Content.ReadAsStringAsync(timeout.Token);
        Assert.Equal(4403, await revoked.ReceiveCloseAsync());
        Assert.Equal("Forbidden: the access token expired or was revoked", revoked.CloseDescription);
        Assert.Equal("event: next\ndata: {\"errors\":[{\"message\":\"The access token expired or was revoked.\",\"extensions\":{\"code\":\"AUTH_NOT_AUTHENTICATED\"}}]}\n\nevent: complete\ndata:\n\n", sse);
        Assert.Equal(4, watchedBefore);
        Assert.Contains("OpenIddictTokens", Assert.Single(statements), StringComparison.Ordinal);

        await new TestData(api.GraphQL).PersonAsync("Still", "Watching");
        foreach (var socket in new[] { kept, alsoKept })
        {
            var message = await socket.ReceiveAsync();
            Assert.Equal("""{"kind":"CREATED","contact":{"displayName":"Still Watching"}}""",
                message.GetProperty("payload").GetProperty("data").GetProperty("contactChanged").GetRawText());
        }

        Assert.Equal(2, watch.Count);
    }
}

public sealed class SqliteTokenWatchTests(ManualTokenSweepRealtimeApi api) : TokenWatchTests(api), IClassFixture<ManualTokenSweepRealtimeApi>;

public sealed class PostgreSqlTokenWatchTests(ManualTokenSweepPostgresRealtimeApi api) : TokenWatchTests(api), IClassFixture<ManualTokenSweepPostgresRealtimeApi>;
