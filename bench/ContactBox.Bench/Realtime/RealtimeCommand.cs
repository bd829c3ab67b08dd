using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ContactBox.Bench.Realtime;

/// <summary>
/// The subscription benchmark, against a running API (bench/realtime.sh starts one): N WebSocket subscribers of
/// <c>contactChanged</c>, then M events per second published by <c>createContact</c> mutations. Reports delivery
/// latency (publishedAt, stamped after the commit, to receipt), the server's memory per idle connection and its
/// CPU at idle (both from /proc of the server's PID; idle over <c>--idle-seconds</c>, default 40, so that it spans a round of
/// the server's periodic work for open connections, the token checks every 30 s included). A warm-up (<c>--warmup</c> seconds, default 10, at a fifth of the
/// rate) runs before the measured phase and is not counted.
/// </summary>
internal static class RealtimeCommand
{
    private const string Subscription = "subscription { contactChanged { kind contactId publishedAt } }";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options(args);
        var baseUri = new Uri(options["url"]);
        var serverPid = int.Parse(options["server-pid"], CultureInfo.InvariantCulture);
        var subscribers = int.Parse(options.GetValueOrDefault("subscribers", "1000"), CultureInfo.InvariantCulture);
        var rate = int.Parse(options.GetValueOrDefault("rate", "100"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(options.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
        var warmup = int.Parse(options.GetValueOrDefault("warmup", "10"), CultureInfo.InvariantCulture);
        var idleSeconds = int.Parse(options.GetValueOrDefault("idle-seconds", "40"), CultureInfo.InvariantCulture);

        using var http = new HttpClient { BaseAddress = baseUri };
        var token = await TokenAsync(http, options["client-id"], options["client-secret"]);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await Task.Delay(2000);
        var rssBefore = ServerRssKb(serverPid);
        Console.WriteLine($"server RSS before: {rssBefore / 1024.0:F1} MiB");

        // Memory per connection is the slope between the first tenth of the connections and all of them (what one
        // more connection costs); the first ones also pay once for what the server loads and compiles for its first
        // WebSocket subscription, shown separately as the figure from before the first connection.
        var sockets = new List<ClientWebSocket>(subscribers);
        var first = Math.Max(1, subscribers / 10);
        for (var i = 0; i < first; i++)
        {
            sockets.Add(await SubscribeAsync(baseUri, token));
        }

        await Task.Delay(5000);
        var rssFirst = ServerRssKb(serverPid);
        for (var i = first; i < subscribers; i++)
        {
            sockets.Add(await SubscribeAsync(baseUri, token));
        }

        Console.WriteLine($"{subscribers} subscribers connected and acknowledged");
        await Task.Delay(5000);
        var rssIdle = ServerRssKb(serverPid);
        var cpuStart = ServerCpuTicks(serverPid);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
        var idleCpu = (ServerCpuTicks(serverPid) - cpuStart) / 100.0 / clock.Elapsed.TotalSeconds * 100;
        Console.WriteLine($"server RSS with {first} idle connections: {rssFirst / 1024.0:F1} MiB; with {subscribers}: {rssIdle / 1024.0:F1} MiB; "
            + $"per connection: {(rssIdle - rssFirst) / (double)(subscribers - first):F1} KiB (from {first} to {subscribers}), "
            + $"{(rssIdle - rssBefore) / (double)subscribers:F1} KiB (from none, with the first subscription's one-time costs)");
        Console.WriteLine($"server CPU at idle with {subscribers} connections: {idleCpu:F2} % of one core ({clock.Elapsed.TotalSeconds:F0} s)");

        var expected = (long)rate * seconds * subscribers;
        var latencies = new double[expected + subscribers];
        var received = 0L;
        var warmupReceived = 0L;
        var measuring = 0;
        using var stop = new CancellationTokenSource();
        var readers = sockets.Select(socket => Task.Run(() => ReadAsync(socket, latencies,
            () => Volatile.Read(ref measuring) == 1 ? Interlocked.Increment(ref received) - 1 : -1 - Interlocked.Increment(ref warmupReceived),
            stop.Token))).ToList();

        if (warmup > 0)
        {
            // Not measured: the server's first events of this kind run while the JIT recompiles the hot path
            // (tiered compilation), which on 2 shared cores costs more than the deliveries themselves. A fifth of the
            // rate, so that the warm-up does not build a backlog into the measured phase; then every warm-up
            // delivery is awaited before measuring starts.
            var warmupRate = Math.Max(1, rate / 5);
            var warmupEvents = warmupRate * warmup;
            var warming = Stopwatch.StartNew();
            await PublishAsync(http, warmupRate, warmupEvents, first: 1_000_000);
            while (Interlocked.Read(ref warmupReceived) < (long)warmupEvents * subscribers && warming.Elapsed < TimeSpan.FromSeconds(warmup + 60))
            {
                await Task.Delay(100);
            }

            Console.WriteLine($"warm-up (not measured): {warmupEvents} events at {warmupRate}/s, {Interlocked.Read(ref warmupReceived)} of {(long)warmupEvents * subscribers} deliveries in {warming.Elapsed.TotalSeconds:F1} s");
            await Task.Delay(2000);
        }

        Volatile.Write(ref measuring, 1);
        var publishing = Stopwatch.StartNew();
        var serverCpuAtStart = ServerCpuTicks(serverPid);
        var ownCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        await PublishAsync(http, rate, rate * seconds, first: 0);
        var sent = publishing.Elapsed;
        var deadline = Stopwatch.StartNew();
        while (Interlocked.Read(ref received) < expected && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        var busy = publishing.Elapsed.TotalSeconds;
        var serverCpu = (ServerCpuTicks(serverPid) - serverCpuAtStart) / 100.0 / busy * 100;
        var ownCpu = (Process.GetCurrentProcess().TotalProcessorTime - ownCpuAtStart).TotalSeconds / busy * 100;
        await stop.CancelAsync();
        var count = (int)Math.Min(Interlocked.Read(ref received), latencies.Length);
        // Deliveries in the order they arrived, a second's worth (rate × subscribers) at a time: a p99 made by a few
        // stalls shows in one or two seconds, one made by steady queueing in all of them.
        var perSecond = (long)rate * subscribers;
        var seconds99 = new List<string>();
        for (long start = 0; start + perSecond <= count; start += perSecond)
        {
            var slice = latencies[(int)start..(int)(start + perSecond)];
            Array.Sort(slice);
            seconds99.Add($"{Percentile(slice, 0.99):F0}");
        }

        Console.WriteLine($"p99 per second of deliveries (ms): {string.Join(' ', seconds99)}");
        var sorted = latencies[..count];
        Array.Sort(sorted);
        Console.WriteLine($"published {rate * seconds} events in {sent.TotalSeconds:F1} s ({rate * seconds / sent.TotalSeconds:F1}/s); deliveries {count} of {expected}");
        if (count > 0)
        {
            Console.WriteLine($"delivery latency (publishedAt → receipt): min {sorted[0]:F1} ms, p10 {Percentile(sorted, 0.10):F1} ms, p50 {Percentile(sorted, 0.50):F1} ms, p90 {Percentile(sorted, 0.90):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms");
        }

        Console.WriteLine($"CPU while publishing and delivering ({busy:F1} s): server {serverCpu:F0} %, load generator {ownCpu:F0} % of one core; "
            + $"server CPU per delivered message {serverCpu / 100 * busy / Math.Max(1, count) * 1e6:F1} µs (mutations included)");
        foreach (var (reason, n) in Closes)
        {
            Console.WriteLine($"connections ended early: {n} × {reason}");
        }

        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        return count == expected ? 0 : 1;
    }

    /// <summary>Sends <paramref name="count"/> createContact mutations at <paramref name="rate"/> per second.</summary>
    private static async Task PublishAsync(HttpClient http, int rate, int count, int first)
    {
        var clock = Stopwatch.StartNew();
        var mutations = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            mutations.Add(CreateContactAsync(http, first + i));
        }

        await Task.WhenAll(mutations);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Closes = new();

    private static async Task ReadAsync(ClientWebSocket socket, double[] latencies, Func<long> next, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Closes.AddOrUpdate($"{(int?)socket.CloseStatus} {socket.CloseStatusDescription}", 1, (_, n) => n + 1);
                    return;
                }

                if (!result.EndOfMessage)
                {
                    throw new InvalidOperationException("A message larger than the read buffer arrived.");
                }

                var now = DateTimeOffset.UtcNow;
                // Only the timestamp is read (no full JSON parse), so the load generator costs the shared cores little.
                var text = buffer.AsSpan(0, result.Count);
                var at = text.IndexOf("\"publishedAt\":\""u8);
                if (at < 0)
                {
                    continue;
                }

                var start = at + "\"publishedAt\":\""u8.Length;
                var end = text[start..].IndexOf((byte)'"');
                var published = ParseStamp(text.Slice(start, end));
                var index = next();
                if (index >= 0 && index < latencies.Length)
                {
                    latencies[index] = (now - published).TotalMilliseconds;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException or FormatException)
        {
            Closes.AddOrUpdate(e.GetType().Name + ": " + e.Message, 1, (_, n) => n + 1);
        }
    }

    /// <summary>The timestamp, decoded on the stack rather than into a string: nothing is allocated per message.</summary>
    private static DateTimeOffset ParseStamp(ReadOnlySpan<byte> ascii)
    {
        Span<char> stamp = stackalloc char[64];
        var length = Encoding.ASCII.GetChars(ascii[..Math.Min(ascii.Length, stamp.Length)], stamp);
        return DateTimeOffset.Parse(stamp[..length], CultureInfo.InvariantCulture);
    }

    private static async Task CreateContactAsync(HttpClient http, int i)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new
        {
            query = "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } } }",
            variables = new { input = new { kind = "PERSON", lastName = "Bench" + i.ToString(CultureInfo.InvariantCulture) } },
        });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<ClientWebSocket> SubscribeAsync(Uri baseUri, string token)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new UriBuilder(baseUri) { Scheme = "ws", Path = "/graphql" }.Uri, CancellationToken.None);
        await SendAsync(socket, JsonSerializer.Serialize(new { type = "connection_init", payload = new { Authorization = "Bearer " + token } }));
        var buffer = new byte[1024];
        var ack = await socket.ReceiveAsync(buffer, CancellationToken.None);
        if (!Encoding.UTF8.GetString(buffer, 0, ack.Count).Contains("connection_ack", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("No connection_ack.");
        }

        await SendAsync(socket, JsonSerializer.Serialize(new { id = "1", type = "subscribe", payload = new { query = Subscription } }));
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string> TokenAsync(HttpClient http, string clientId, string clientSecret)
    {
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    private static long ServerRssKb(int pid) =>
        long.Parse(File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>utime + stime of the process, in clock ticks (100 per second on Linux).</summary>
    private static long ServerCpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}
