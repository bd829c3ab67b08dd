using ContactBox.Api.Tests.Support;
using ContactBox.Infrastructure.Persistence;

namespace ContactBox.Api.Tests.Realtime;

/// <summary>A SQLite host whose connections are checked every second and must initialise within two.</summary>
public sealed class FastCheckingRealtimeApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ContactBox:Realtime:TokenCheckInterval"] = "00:00:01",
        ["ContactBox:Realtime:ConnectionInitTimeout"] = "00:00:02",
    };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>A SQLite host whose access tokens live five seconds.</summary>
public sealed class ShortTokenRealtimeApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ContactBox:Auth:AccessTokenLifetime"] = "00:00:05",
        ["ContactBox:Realtime:TokenCheckInterval"] = "00:00:30",
    };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>A SQLite host whose connections may hold only two pending events.</summary>
public sealed class TinyBufferRealtimeApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ContactBox:Realtime:MaxPendingEventsPerConnection"] = "2",
    };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>A SQLite host whose timer never sweeps the open connections' tokens during a test: the test sweeps.</summary>
public sealed class ManualTokenSweepRealtimeApi : SqliteApi
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = ManualTokenSweep.Settings;
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class ManualTokenSweepPostgresRealtimeApi : PostgresApi
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = ManualTokenSweep.Settings;
}

internal static class ManualTokenSweep
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["ContactBox:Realtime:TokenCheckInterval"] = "01:00:00",
    };
}
