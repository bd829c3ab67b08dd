namespace ContactBox.Infrastructure.Realtime;

/// <summary><c>ContactBox:Realtime</c>: the backplane and the limits of subscriptions.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "ContactBox:Realtime";

    /// <summary>A StackExchange.Redis connection string; when set, events travel through Redis pub/sub to every instance.</summary>
    public string? Redis { get; set; }

    /// <summary>The Redis channel the instances share.</summary>
    public string RedisChannel { get; set; } = "contactbox:events";

    /// <summary>How long a WebSocket may stay open without <c>connection_init</c> (closed with 4408).</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the tokens of open connections are looked up in the token table, all at once (revocation ends a connection with 4403).</summary>
    public TimeSpan TokenCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events accepted for one connection and not yet written to it; one more closes it (1013, see README).</summary>
    public int MaxPendingEventsPerConnection { get; set; } = 256;

    /// <summary>The largest message a client may send over a WebSocket.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;
}
