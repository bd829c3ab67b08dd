using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Infrastructure.Persistence;
using ContactBox.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Realtime;

/// <summary><c>followUpDue</c>: fired by the Quartz.NET scheduler when a follow-up's due time arrives.</summary>
public abstract class FollowUpDueTests(ApiHost api)
{
    internal const string Subscription = "subscription { followUpDue { subject contact { displayName } } }";

    internal static async Task<string> CreateFollowUpAsync(GraphQLClient graphQL, string contactId, string subject, DateTimeOffset dueAt) =>
        (await graphQL.MutateAsync(
            "mutation ($input: CreateFollowUpInput!) { createFollowUp(input: $input) { followUp { id } errors { __typename } } }",
            "createFollowUp", "followUp", new { input = new { contactId, subject, dueAt = dueAt.ToString("O") } })).GetProperty("id").GetString()!;

    [SkippableFact]
    public async Task A_follow_up_fires_once_when_it_falls_due_and_a_completed_one_does_not()
    {
        api.SkipIfUnavailable();
        var data = new TestData(api.GraphQL);
        var contactId = await data.PersonIdAsync("Due", "Soon");
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SubscribeAsync("due", Subscription);
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());

        var now = DateTimeOffset.UtcNow;
        var done = await CreateFollowUpAsync(api.GraphQL, contactId, "Done before due", now.AddSeconds(2));
        await api.GraphQL.MutateAsync("mutation ($input: CompleteFollowUpInput!) { completeFollowUp(input: $input) { followUp { id } errors { __typename } } }",
            "completeFollowUp", "followUp", new { input = new { id = done } });
        await CreateFollowUpAsync(api.GraphQL, contactId, "Call back", now.AddSeconds(3));

        var message = await client.ReceiveAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("""{"subject":"Call back","contact":{"displayName":"Due Soon"}}""",
            message.GetProperty("payload").GetProperty("data").GetProperty("followUpDue").GetRawText());
        Assert.True(DateTimeOffset.UtcNow >= now.AddSeconds(3), "The event came before the due time.");
        await Task.Delay(2000);
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());
    }
}

/// <summary>A member hears of their own follow-ups only.</summary>
public sealed class MemberFollowUpDueTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task A_member_receives_the_follow_ups_assigned_to_them_and_not_a_colleagues()
    {
        var demo = api.Services.GetRequiredService<ContactBox.Api.Workspaces.DefaultWorkspace>().DemoMember!;
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var tokens = await browser.SignInAsync(demo.Email, demo.Password);
        var colleague = await api.CreateMemberAsync(api.DemoWorkspaceId, "colleague@contactbox.example", "a long enough password");
        var contactId = await new TestData(api.GraphQL).PersonIdAsync("Assigned", "Contact");
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, tokens.AccessToken);
        await client.SubscribeAsync("due", FollowUpDueTests.Subscription);
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());

        const string create = "mutation ($input: CreateFollowUpInput!) { createFollowUp(input: $input) { followUp { id } errors { __typename } } }";
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(2).ToString("O");
        await api.GraphQL.MutateAsync(create, "createFollowUp", "followUp",
            new { input = new { contactId, subject = "For the colleague", dueAt, assigneeId = ContactBox.Api.GraphQL.Relay.GlobalId.Format("Member", colleague) } });
        await api.GraphQL.MutateAsync(create, "createFollowUp", "followUp",
            new { input = new { contactId, subject = "For me", dueAt, assigneeId = ContactBox.Api.GraphQL.Relay.GlobalId.Format("Member", api.DemoMemberId) } });

        var message = await client.ReceiveAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("For me", message.GetProperty("payload").GetProperty("data").GetProperty("followUpDue").GetProperty("subject").GetString());
        await Task.Delay(2000);
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());
    }
}

/// <summary>SQLite's in-memory triggers are set again at start.</summary>
public sealed class FollowUpDueRecoveryTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task Open_follow_ups_get_their_triggers_again_after_the_in_memory_store_lost_them()
    {
        var contactId = await new TestData(api.GraphQL).PersonIdAsync("Restart", "Proof");
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(api.BaseAddress, api.AccessToken);
        await client.SubscribeAsync("due", FollowUpDueTests.Subscription);
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());
        await FollowUpDueTests.CreateFollowUpAsync(api.GraphQL, contactId, "After restart", DateTimeOffset.UtcNow.AddSeconds(4));

        // What a restart does to the in-memory store: every trigger is gone.
        var scheduler = await api.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        await scheduler.Clear();
        await scheduler.AddJob(Quartz.JobBuilder.Create<ContactBox.Api.Realtime.FollowUpDueJob>().WithIdentity(ContactBox.Api.Realtime.FollowUpDueJob.Key).StoreDurably().Build(), Quartz.AddJobOptions.Replacing);
        Assert.True(await api.Services.GetRequiredService<ContactBox.Api.Realtime.FollowUpDueRecovery>().RescheduleOpenFollowUpsAsync(CancellationToken.None) >= 1);

        var message = await client.ReceiveAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("After restart", message.GetProperty("payload").GetProperty("data").GetProperty("followUpDue").GetProperty("subject").GetString());
    }
}

public sealed class SqliteFollowUpDueTests(SqliteApi api) : FollowUpDueTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlFollowUpDueTests(PostgresApi api) : FollowUpDueTests(api), IClassFixture<PostgresApi>;

/// <summary>Two instances on one PostgreSQL database (clustered Quartz store) and one Redis server.</summary>
public sealed class ClusteredFollowUpDueTests
{
    [SkippableFact]
    public async Task A_follow_up_scheduled_on_a_stopped_instance_fires_exactly_once_on_the_other()
    {
        PostgresServer.SkipUnlessAvailable();
        RedisServer.SkipUnlessAvailable();
        await using var redis = await RedisServer.StartAsync();
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("jobs");
        var a = new ScaledOutApi(database, redis.ConnectionString);
        var b = new ScaledOutApi(database, redis.ConnectionString);
        await a.InitializeAsync();
        await b.InitializeAsync();
        try
        {
            await using var subscriber = await GraphQLWebSocketClient.InitialisedAsync(b.BaseAddress, b.AccessToken);
            await subscriber.SubscribeAsync("due", FollowUpDueTests.Subscription);
            await subscriber.SendAsync(new { type = "ping" });
            Assert.Equal("pong", (await subscriber.ReceiveAsync()).GetProperty("type").GetString());

            var contactId = await new TestData(a.GraphQL).PersonIdAsync("Clustered", "Contact");
            await FollowUpDueTests.CreateFollowUpAsync(a.GraphQL, contactId, "Survives its instance", DateTimeOffset.UtcNow.AddSeconds(4));
            await a.DisposeAsync(); // the instance that scheduled it is gone before it falls due

            var message = await subscriber.ReceiveAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("Survives its instance", message.GetProperty("payload").GetProperty("data").GetProperty("followUpDue").GetProperty("subject").GetString());
            await Task.Delay(3000);
            await subscriber.SendAsync(new { type = "ping" });
            Assert.Equal("pong", (await subscriber.ReceiveAsync()).GetProperty("type").GetString());
        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }

    /// <summary>Two instances fire a follow-up once, not once each.</summary>
    [SkippableFact]
    public async Task Two_running_instances_fire_a_due_follow_up_once()
    {
        PostgresServer.SkipUnlessAvailable();
        RedisServer.SkipUnlessAvailable();
        await using var redis = await RedisServer.StartAsync();
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("jobs");
        await using var a = new ScaledOutApi(database, redis.ConnectionString);
        await using var b = new ScaledOutApi(database, redis.ConnectionString);
        await a.InitializeAsync();
        await b.InitializeAsync();

        await using var subscriber = await GraphQLWebSocketClient.InitialisedAsync(a.BaseAddress, a.AccessToken);
        await subscriber.SubscribeAsync("due", FollowUpDueTests.Subscription);
        await subscriber.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await subscriber.ReceiveAsync()).GetProperty("type").GetString());
        var contactId = await new TestData(b.GraphQL).PersonIdAsync("Twice", "Scheduled");
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(4);
        for (var i = 0; i < 3; i++)
        {
            await FollowUpDueTests.CreateFollowUpAsync(i % 2 == 0 ? a.GraphQL : b.GraphQL, contactId, $"Once {i}", dueAt);
        }

        var subjects = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var message = await subscriber.ReceiveAsync(TimeSpan.FromSeconds(60));
            subjects.Add(message.GetProperty("payload").GetProperty("data").GetProperty("followUpDue").GetProperty("subject").GetString()!);
        }

        await Task.Delay(3000);
        await subscriber.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await subscriber.ReceiveAsync()).GetProperty("type").GetString());
        Assert.Equal(["Once 0", "Once 1", "Once 2"], subjects.Order());
    }
}

/// <summary>An instance of a scaled-out deployment: a shared PostgreSQL database and a shared Redis server.</summary>
public sealed class ScaledOutApi(string connectionString, string redis) : ApiHost, IAsyncDisposable
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["ContactBox:Realtime:Redis"] = redis };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(connectionString);

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
