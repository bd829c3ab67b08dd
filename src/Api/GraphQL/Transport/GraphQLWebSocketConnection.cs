using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Realtime;
using ContactBox.Infrastructure.Realtime;
using GraphQL;
using GraphQL.Transport;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// One WebSocket speaking graphql-transport-ws: <c>connection_init</c> (token in its payload, or the upgrade
/// request's Authorization header) → <c>connection_ack</c>; <c>subscribe</c>/<c>next</c>/<c>error</c>/<c>complete</c>
/// for queries, mutations and subscriptions; <c>ping</c>/<c>pong</c>. Every breach of the protocol closes the socket
/// with the code the protocol gives. One writer sends; events wait in a buffer bounded per connection
/// (<see cref="RealtimeOptions.MaxPendingEventsPerConnection"/>), and a connection whose buffer is full is closed with
/// 1013 (try again later) rather than slowing the others or growing without bound.
/// </summary>
public sealed class GraphQLWebSocketConnection : IAsyncDisposable
{
    public static class CloseCodes
    {
        public const int GoingAway = 1001;
        public const int TryAgainLater = 1013;
        public const int InternalServerError = 4500;
        public const int BadRequest = 4400;
        public const int Unauthorized = 4401;
        public const int Forbidden = 4403;
        public const int SubprotocolNotAcceptable = 4406;
        public const int ConnectionInitialisationTimeout = 4408;
        public const int SubscriberAlreadyExists = 4409;
        public const int TooManyInitialisationRequests = 4429;
    }

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    private const int ReceiveBufferBytes = 512;

    private readonly WebSocket _socket;
    private readonly GraphQLOperationRunner _runner;
    private readonly TransportAuthentication _authentication;
    private readonly TokenWatch _tokens;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    // Messages not yet written, in order; whoever finds no writer at work writes them (see Post).
    private readonly Queue<Outgoing> _outbox = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    // Most connections run one operation: a dictionary sized for that (one lock, one bucket to start with).
    private readonly ConcurrentDictionary<string, Operation> _operations = new(concurrencyLevel: 1, capacity: 1, StringComparer.Ordinal);
    private bool _writing;
    private bool _ended;
    private CancellationToken _sending;
    private int _pending;
    private int _initReceived;
    private int _closing;
    private ClaimsPrincipal? _user;

    internal GraphQLWebSocketConnection(WebSocket socket, GraphQLOperationRunner runner, TransportAuthentication authentication, TokenWatch tokens,
        IGraphQLTextSerializer serializer, RealtimeOptions options, TimeProvider clock, ILogger logger)
    {
        _socket = socket;
        _runner = runner;
        _authentication = authentication;
        _tokens = tokens;
        _serializer = serializer;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    public async Task RunAsync(string? headerToken, CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stop.Token);
        _sending = linked.Token;
        _ = CloseUnlessInitialisedAsync(linked.Token);
        try
        {
            await ReceiveLoopAsync(headerToken, linked.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away or the connection was closed: nothing to answer.
        }
        finally
        {
            StopOperations();
            EndWriting();
            await _stop.CancelAsync();
            // Let a write in progress finish before the socket goes away. Frames are sent without a cancellation
            // token (the WebSocket's fast path: no registration and no state machine per message), so a write stuck
            // on a client that reads nothing is ended here, by aborting the socket.
            if (await _sendLock.WaitAsync(CloseTimeout, CancellationToken.None))
            {
                _sendLock.Release();
            }
            else
            {
                _socket.Abort();
            }
        }
    }

    private async Task ReceiveLoopAsync(string? headerToken, CancellationToken cancellationToken)
    {
        // Client messages are small (ping, subscribe, complete) and an idle socket waits here: a small buffer per
        // connection. A message longer than it is assembled in a pooled buffer, given back once the message is read,
        // so an idle connection keeps nothing of its longest message (connection_init carries the token).
        var buffer = new byte[ReceiveBufferBytes];
        byte[]? message = null;
        var length = 0;
        try
        {
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var received = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await AnswerCloseAsync();
                    return;
                }

                if ((long)length + received.Count > _options.MaxMessageBytes)
                {
                    await CloseAsync(CloseCodes.BadRequest, $"Message larger than {_options.MaxMessageBytes} bytes");
                    return;
                }

                if (message is null && received.EndOfMessage)
                {
                    // The whole message arrived in one read (the common case): parsed from the receive buffer.
                    if (!await HandleReceivedAsync(received.MessageType, buffer.AsMemory(0, received.Count), headerToken, cancellationToken))
                    {
                        return;
                    }

                    continue;
                }

                if (message is null || message.Length < length + received.Count)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Max(length + received.Count, 2 * ReceiveBufferBytes));
                    if (message is not null)
                    {
                        message.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(message);
                    }

                    message = larger;
                }

                buffer.AsSpan(0, received.Count).CopyTo(message.AsSpan(length));
                length += received.Count;
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var handled = await HandleReceivedAsync(received.MessageType, message.AsMemory(0, length), headerToken, cancellationToken);
                ArrayPool<byte>.Shared.Return(message);
                message = null;
                length = 0;
                if (!handled)
                {
                    return;
                }
            }
        }
        finally
        {
            if (message is not null)
            {
                ArrayPool<byte>.Shared.Return(message);
            }
        }
    }

    /// <summary>One complete message from the client; false when the connection was closed.</summary>
    private async Task<bool> HandleReceivedAsync(WebSocketMessageType type, ReadOnlyMemory<byte> utf8, string? headerToken, CancellationToken cancellationToken)
    {
        if (type != WebSocketMessageType.Text)
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: binary messages are not part of the protocol");
            return false;
        }

        return await HandleMessageAsync(Encoding.UTF8.GetString(utf8.Span), headerToken, cancellationToken);
    }

    /// <summary>Handles one client message; false when the connection was closed.</summary>
    private async Task<bool> HandleMessageAsync(string text, string? headerToken, CancellationToken cancellationToken)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return await InvalidAsync("the message is not JSON");
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return await InvalidAsync("the message has no string 'type'");
        }

        var payload = root.TryGetProperty("payload", out var p) && p.ValueKind != JsonValueKind.Null ? p : (JsonElement?)null;
        switch (typeElement.GetString())
        {
            case "connection_init":
                if (payload is { ValueKind: not JsonValueKind.Object })
                {
                    return await InvalidAsync("the connection_init payload must be an object");
                }

                return await InitialiseAsync(payload, headerToken, cancellationToken);
            case "ping":
                Enqueue("""{"type":"pong"}""");
                return true;
            case "pong":
                return true;
            case "subscribe":
                return await SubscribeAsync(root, payload);
            case "complete":
                if (!TryGetId(root, out var completedId))
                {
                    return await InvalidAsync("complete needs a string 'id'");
                }

                if (_operations.TryRemove(completedId, out var completed))
                {
                    completed.Dispose();
                }

                return true;
            default:
                return await InvalidAsync($"unknown type '{Truncate(typeElement.GetString()!, 40)}'");
        }
    }

    private async Task<bool> InitialiseAsync(JsonElement? payload, string? headerToken, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            await CloseAsync(CloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return false;
        }

        var token = PayloadToken(payload) ?? headerToken;
        ClaimsPrincipal? user;
        try
        {
            user = await _authentication.ValidateAsync(token, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "The token of a connection_init could not be checked");
            await CloseAsync(CloseCodes.InternalServerError, "Internal server error: the token could not be checked");
            return false;
        }

        if (user is null)
        {
            await CloseAsync(CloseCodes.Forbidden, token is null ? "Forbidden: no access token" : "Forbidden: the access token is not valid");
            return false;
        }

        _user = user;
        Enqueue("""{"type":"connection_ack"}""");
        _ = WatchTokenAsync(user, cancellationToken);
        return true;
    }

    /// <summary>The token of a connection_init payload: <c>Authorization: "Bearer …"</c> (any case), or <c>token</c>/<c>access_token</c>.</summary>
    private static string? PayloadToken(JsonElement? payload)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var text = property.Value.GetString();
            if (property.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase))
            {
                return TransportAuthentication.BearerToken(text) ?? text;
            }

            if (property.Name.Equals("token", StringComparison.OrdinalIgnoreCase) || property.Name.Equals("access_token", StringComparison.OrdinalIgnoreCase))
            {
                return text;
            }
        }

        return null;
    }

    private async Task<bool> SubscribeAsync(JsonElement root, JsonElement? payload)
    {
        if (!TryGetId(root, out var id))
        {
            return await InvalidAsync("subscribe needs a non-empty string 'id'");
        }

        if (payload is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
        {
            return await InvalidAsync("subscribe needs a payload with a string 'query'");
        }

        GraphQLRequest request;
        try
        {
            request = _serializer.Deserialize<GraphQLRequest>(body.GetRawText())!;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            return await InvalidAsync("the subscribe payload is not a GraphQL request");
        }

        if (_user is not { } user)
        {
            await CloseAsync(CloseCodes.Unauthorized, "Unauthorized");
            return false;
        }

        var operation = new Operation(this, id);
        if (!_operations.TryAdd(id, operation))
        {
            await CloseAsync(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {Truncate(id, 60)} already exists");
            return false;
        }

        _ = ExecuteAsync(operation, request, user);
        return true;
    }

    private async Task ExecuteAsync(Operation operation, GraphQLRequest request, ClaimsPrincipal user)
    {
        try
        {
            var result = await _runner.ExecuteAsync(request, user, operation, operation.Cancellation);
            if (operation.IsStopped)
            {
                return;
            }

            if (result.Streams is { Count: > 0 } streams)
            {
                operation.Attach(streams.Values.First().Subscribe(new ResultObserver(this, operation)));
                return;
            }

            if (!result.Executed)
            {
                Finish(operation, Message(operation.Id, "error", ErrorsJson(result)));
                return;
            }

            Enqueue(Message(operation.Id, "next", _serializer.Serialize(result)));
            Finish(operation, Message(operation.Id, "complete", null));
        }
        catch (OperationCanceledException) when (operation.IsStopped)
        {
            // completed by the client or the connection closed
        }
#pragma warning disable CA1031 // an unexpected failure ends this operation, not the connection
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "GraphQL operation {Id} over WebSocket failed", operation.Id);
            Finish(operation, Message(operation.Id, "error", """[{"message":"Unexpected error.","extensions":{"code":"UNEXPECTED_EXECUTION_ERROR"}}]"""));
        }
    }

    /// <summary>Sends the operation's last message, unless the client completed it first.</summary>
    private void Finish(Operation operation, string message)
    {
        if (_operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation)))
        {
            Enqueue(message);
            operation.Dispose();
        }
    }

    private string ErrorsJson(ExecutionResult result)
    {
        using var document = JsonDocument.Parse(_serializer.Serialize(result));
        return document.RootElement.TryGetProperty("errors", out var errors) ? errors.GetRawText() : "[]";
    }

    private static string Message(string id, string type, string? payloadJson) =>
        payloadJson is null
            ? $$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"{{type}}"}"""
            : $$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"{{type}}","payload":{{payloadJson}}}""";

    private static bool TryGetId(JsonElement root, out string id)
    {
        id = root.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        return id.Length > 0;
    }

    private async Task<bool> InvalidAsync(string why)
    {
        await CloseAsync(CloseCodes.BadRequest, "Invalid message received: " + why);
        return false;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private void Enqueue(string json) => Post(new Outgoing(json, null, null));

    /// <summary>An event's <c>next</c> message: the operation's prefix, then the result's UTF-8 JSON shared by every subscriber.</summary>
    private void EnqueueNext(Operation operation, byte[] payload) => Post(new Outgoing(null, payload, operation));

    /// <summary>
    /// Queues a message and, unless a write is already under way, writes it at once on the caller's thread: an
    /// event's fan-out loop hands each frame to Kestrel's output pipe, which takes it synchronously while the socket
    /// keeps up (Kestrel's socket threads do the system calls, and frames queued meanwhile leave in one). A send
    /// that has to wait (a full pipe: a slow or stalled client) continues asynchronously and the caller moves on, so
    /// no socket holds up the others, and no thread-pool work item is spent per message. One connection's messages
    /// are written in order by one writer at a time.
    /// </summary>
    private void Post(Outgoing outgoing)
    {
        lock (_outbox)
        {
            if (_ended)
            {
                outgoing.ReservedBy?.Release();
                return;
            }

            _outbox.Enqueue(outgoing);
            if (_writing)
            {
                return;
            }

            _writing = true;
        }

        _ = WriteQueuedAsync();
    }

    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            Outgoing outgoing;
            lock (_outbox)
            {
                if (_ended || !_outbox.TryDequeue(out outgoing))
                {
                    _writing = false;
                    return;
                }
            }

            try
            {
                if (!_sendLock.Wait(0))
                {
                    await _sendLock.WaitAsync(_sending);
                }

                try
                {
                    if (Volatile.Read(ref _closing) == 0)
                    {
                        await SendAsync(outgoing);
                    }
                }
                finally
                {
                    _sendLock.Release();
                    outgoing.ReservedBy?.Release();
                    outgoing = default;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // The connection ended: nothing more is written.
                outgoing.ReservedBy?.Release();
                EndWriting();
                return;
            }
        }
    }

    /// <summary>Drops what is still queued (giving back the places it held); later messages are not queued.</summary>
    private void EndWriting()
    {
        lock (_outbox)
        {
            _ended = true;
            _writing = false;
            while (_outbox.TryDequeue(out var dropped))
            {
                dropped.ReservedBy?.Release();
            }
        }
    }

    /// <summary>Writes one message as one frame from a pooled buffer.</summary>
    private async ValueTask SendAsync(Outgoing outgoing)
    {
        var prefix = outgoing.ReservedBy?.NextPrefix ?? [];
        var length = outgoing.Payload is { } payload ? prefix.Length + payload.Length + 1 : Encoding.UTF8.GetMaxByteCount(outgoing.Json!.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (outgoing.Payload is { } json)
            {
                prefix.CopyTo(buffer, 0);
                json.CopyTo(buffer, prefix.Length);
                buffer[length - 1] = (byte)'}';
            }
            else
            {
                length = Encoding.UTF8.GetBytes(outgoing.Json!, buffer);
            }

            await _socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task CloseUnlessInitialisedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_options.ConnectionInitTimeout, _clock, cancellationToken);
            if (Volatile.Read(ref _initReceived) == 0)
            {
                await CloseAsync(CloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
            // the connection ended first
        }
    }

    /// <summary>Ends the connection with 4403 when its token expires or is revoked (<see cref="TokenWatch"/>).</summary>
    private async Task WatchTokenAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            await _tokens.WhenInvalidAsync(user, cancellationToken);
            await CloseAsync(CloseCodes.Forbidden, "Forbidden: the access token expired or was revoked");
        }
        catch (OperationCanceledException)
        {
            // the connection ended first
        }
    }

    private bool TryReserve()
    {
        if (Interlocked.Increment(ref _pending) <= _options.MaxPendingEventsPerConnection)
        {
            return true;
        }

        Interlocked.Decrement(ref _pending);
        _ = CloseAsync(CloseCodes.TryAgainLater, $"Subscriber too slow: {_options.MaxPendingEventsPerConnection} events are waiting");
        return false;
    }

    private void Release(int count = 1) => Interlocked.Add(ref _pending, -count);

    /// <summary>Closes the socket with a close frame (once); stops every operation.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        StopOperations();
        if (await _sendLock.WaitAsync(CloseTimeout))
        {
            try
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                _socket.Abort();
            }
            finally
            {
                _sendLock.Release();
            }
        }
        else
        {
            // The writer is stuck on a stalled client: no close frame can get through.
            _socket.Abort();
        }

        // Wait briefly for the client's close frame, then stop receiving.
        _stop.CancelAfter(CloseTimeout);
    }

    /// <summary>The client closed: answer its close frame.</summary>
    private async Task AnswerCloseAsync()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        StopOperations();
        await _sendLock.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            _socket.Abort();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void StopOperations()
    {
        foreach (var id in _operations.Keys)
        {
            if (_operations.TryRemove(id, out var operation))
            {
                operation.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        StopOperations();
        await _stop.CancelAsync();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>A message to write: text, or an event's shared payload (<paramref name="ReservedBy"/> then holds its place).</summary>
    private readonly record struct Outgoing(string? Json, byte[]? Payload, Operation? ReservedBy);

    /// <summary>One running operation: its cancellation, its event stream and the places it holds in the buffer.</summary>
    private sealed class Operation : IDeliveryBudget, IDisposable
    {
        private readonly GraphQLWebSocketConnection _connection;
        private readonly CancellationTokenSource _cancellation = new();
        private IDisposable? _subscription;
        private byte[]? _nextPrefix;
        private int _reserved;
        private int _stopped;

        public Operation(GraphQLWebSocketConnection connection, string id)
        {
            _connection = connection;
            Id = id;
            Cancellation = _cancellation.Token;
        }

        public string Id { get; }

        /// <summary>Kept apart from the source, which is disposed with the operation.</summary>
        public CancellationToken Cancellation { get; }

        public bool IsStopped => Volatile.Read(ref _stopped) == 1;

        public void Attach(IDisposable subscription)
        {
            _subscription = subscription;
            if (IsStopped)
            {
                subscription.Dispose();
            }
        }

        public bool TryReserve()
        {
            if (IsStopped || !_connection.TryReserve())
            {
                return false;
            }

            Interlocked.Increment(ref _reserved);
            return true;
        }

        public void Release()
        {
            if (!IsStopped)
            {
                Interlocked.Decrement(ref _reserved);
                _connection.Release();
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1)
            {
                return;
            }

            _cancellation.Cancel();
            _subscription?.Dispose();
            // Events still in flight for this operation will never be written: give their places back.
            _connection.Release(Interlocked.Exchange(ref _reserved, 0));
            _cancellation.Dispose();
        }

        /// <summary><c>{"id":…,"type":"next","payload":</c>, built once per operation.</summary>
        public byte[] NextPrefix => _nextPrefix ??= Encoding.UTF8.GetBytes($$"""{"id":{{JsonSerializer.Serialize(Id)}},"type":"next","payload":""");

        public void EnqueueNext(byte[] payload) => _connection.EnqueueNext(this, payload);
    }

    private sealed class ResultObserver(GraphQLWebSocketConnection connection, Operation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (ReferenceEquals(value, RealtimeExecutionStrategy.Skipped))
            {
                operation.Release();
                return;
            }

            operation.EnqueueNext(RealtimeExecutionStrategy.ResultUtf8(connection._serializer, value));
        }

        public void OnError(Exception error)
        {
            connection._logger.LogError(error, "The event stream of operation {Id} failed", operation.Id);
            connection.Finish(operation, Message(operation.Id, "error", """[{"message":"The event stream failed.","extensions":{"code":"UNEXPECTED_EXECUTION_ERROR"}}]"""));
        }

        public void OnCompleted() => connection.Finish(operation, Message(operation.Id, "complete", null));
    }
}
