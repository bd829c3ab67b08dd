using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ContactBox.Api.Tests.Realtime;

/// <summary>A plain <see cref="ClientWebSocket"/> speaking graphql-transport-ws message by message, for protocol tests.</summary>
public sealed class GraphQLWebSocketClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket = new();

    private GraphQLWebSocketClient()
    {
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    /// <param name="receiveBufferBytes">The socket's receive buffer (SO_RCVBUF): small, for a client that stops reading and must stall the server's writes soon.</param>
    public static async Task<GraphQLWebSocketClient> ConnectAsync(Uri baseAddress, string? bearerToken = null, string? subProtocol = "graphql-transport-ws", int? receiveBufferBytes = null)
    {
        var client = new GraphQLWebSocketClient();
        if (subProtocol is not null)
        {
            client._socket.Options.AddSubProtocol(subProtocol);
        }

        if (bearerToken is not null)
        {
            client._socket.Options.SetRequestHeader("Authorization", "Bearer " + bearerToken);
        }

        var uri = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws", Path = "/graphql" }.Uri;
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        if (receiveBufferBytes is { } bytes)
        {
            using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = bytes };
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                },
            });
            await client._socket.ConnectAsync(uri, invoker, timeout.Token);
        }
        else
        {
            await client._socket.ConnectAsync(uri, timeout.Token);
        }

        return client;
    }

    /// <summary>Connects and initialises with the token in the connection_init payload; asserts the ack.</summary>
    public static async Task<GraphQLWebSocketClient> InitialisedAsync(Uri baseAddress, string token, int? receiveBufferBytes = null)
    {
        var client = await ConnectAsync(baseAddress, receiveBufferBytes: receiveBufferBytes);
        await client.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + token } });
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", ack.GetProperty("type").GetString());
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message; fails when the socket closes or nothing arrives in time.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        var message = await TryReceiveAsync(timeout ?? DefaultTimeout);
        Assert.True(message is not null, $"No message arrived; the socket is {_socket.State} (close {CloseStatus} '{CloseDescription}').");
        return message.Value;
    }

    /// <summary>The next message, or null when the socket closed (see <see cref="CloseStatus"/>); throws on timeout.</summary>
    public async Task<JsonElement?> TryReceiveAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellation.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>Waits for the server to close the socket and returns its close code.</summary>
    public async Task<int> ReceiveCloseAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[8192];
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellation.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (int)_socket.CloseStatus!.Value;
            }
        }
    }

    /// <summary>Asserts that nothing arrives within <paramref name="quiet"/>.</summary>
    public async Task AssertSilentAsync(TimeSpan quiet)
    {
        try
        {
            var message = await TryReceiveAsync(quiet);
            Assert.Fail($"Expected no message, got {message}");
        }
        catch (OperationCanceledException)
        {
            // nothing arrived, as expected; the socket is aborted by the cancelled receive, so this ends the client
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // already gone
            }
        }

        _socket.Dispose();
    }
}
