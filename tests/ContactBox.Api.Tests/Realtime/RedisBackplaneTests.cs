using ContactBox.Api.Tests.Support;
using ContactBox.TestSupport;

namespace ContactBox.Api.Tests.Realtime;

/// <summary>Two API instances on one PostgreSQL database and one real redis-server.</summary>
public sealed class RedisBackplaneTests
{
    [SkippableFact]
    public async Task A_mutation_on_instance_A_reaches_a_subscriber_on_instance_B()
    {
        PostgresServer.SkipUnlessAvailable();
        RedisServer.SkipUnlessAvailable();
        await using var redis = await RedisServer.StartAsync();
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("realtime");
        var a = new ScaledOutApi(database, redis.ConnectionString);
        var b = new ScaledOutApi(database, redis.ConnectionString);
        await a.InitializeAsync(); // migrates; B starts on the migrated database
        await b.InitializeAsync();
        try
        {
            await using var subscriber = await GraphQLWebSocketClient.InitialisedAsync(b.BaseAddress, b.AccessToken);
            await subscriber.SubscribeAsync("s", "subscription { contactChanged { kind contact { displayName } } }");
            await subscriber.SendAsync(new { type = "ping" });
            Assert.Equal("pong", (await subscriber.ReceiveAsync()).GetProperty("type").GetString());

            await new TestData(a.GraphQL).PersonAsync("Across", "Instances");

            var message = await subscriber.ReceiveAsync();
            Assert.Equal("""{"contactChanged":{"kind":"CREATED","contact":{"displayName":"Across Instances"}}}""",
                message.GetProperty("payload").GetProperty("data").GetRawText());
        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }
}
