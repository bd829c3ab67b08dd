using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using ContactBox.Api.Auth;
using ContactBox.Api.Realtime;
using ContactBox.Infrastructure.Realtime;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// GraphQL over Server-Sent Events, the distinct-connections mode of the graphql-sse protocol: one request
/// (<c>POST</c> with a JSON body, or <c>GET</c> with query parameters) with <c>Accept: text/event-stream</c> per
/// operation; the answer streams <c>event: next</c> messages and ends with <c>event: complete</c>. The token comes
/// from the Authorization header; when it expires or is revoked the stream ends with an AUTH_NOT_AUTHENTICATED error.
/// Requests refused before execution get the GraphQL-over-HTTP status (400, 401, 403) with a JSON body.
/// </summary>
public sealed class GraphQLSseHandler(
    GraphQLOperationRunner runner,
    TokenWatch tokens,
    IGraphQLTextSerializer serializer,
    IOptions<RealtimeOptions> options,
    IOptions<Paging.GraphQLOptions> graphQLOptions,
    IHostApplicationLifetime lifetime,
    ILogger<GraphQLSseHandler> logger)
{
    public const string EventStream = "text/event-stream";
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static bool IsEventStreamRequest(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsGet(request.Method))
        && request.Headers.Accept.Any(value => value?.Contains(EventStream, StringComparison.OrdinalIgnoreCase) == true);

    public async Task HandleAsync(HttpContext context)
    {
        var request = await ReadRequestAsync(context);
        if (request is null)
        {
            return;
        }

        using var stream = new SseStream(context, options.Value, serializer);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var result = await runner.ExecuteAsync(request, context.User, stream, end.Token);
        if (!result.Executed)
        {
            context.Response.StatusCode = RefusalStatus(result);
            context.Response.ContentType = $"{GraphQLHttpHandler.Json}; charset=utf-8";
            await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = $"{EventStream}; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.Body.FlushAsync(end.Token);

        if (result.Streams is not { Count: > 0 } streams)
        {
            stream.Next(serializer.Serialize(result), reserved: false);
            stream.Complete();
            await stream.WriteAllAsync(end.Token);
            return;
        }

        using var subscription = streams.Values.First().Subscribe(stream);
        _ = WatchTokenAsync(context.User, stream, end.Token);
        try
        {
            await stream.WriteAllAsync(end.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away or the server stops: the response ends here.
        }
    }

    private static int RefusalStatus(ExecutionResult result)
    {
        var codes = result.Errors?.Select(e => e.Code).ToList() ?? [];
        return codes.Count > 0 && codes.All(c => c == ErrorCodes.NotAuthenticated) ? StatusCodes.Status401Unauthorized
            : codes.Count > 0 && codes.All(c => c is ErrorCodes.NotAuthenticated or ErrorCodes.NotAuthorized) ? StatusCodes.Status403Forbidden
            : StatusCodes.Status400BadRequest;
    }

    /// <summary>Ends the stream with an error when its token expires or is revoked (<see cref="TokenWatch"/>).</summary>
    private async Task WatchTokenAsync(ClaimsPrincipal user, SseStream stream, CancellationToken cancellationToken)
    {
        try
        {
            await tokens.WhenInvalidAsync(user, cancellationToken);
            stream.End("""{"errors":[{"message":"The access token expired or was revoked.","extensions":{"code":"AUTH_NOT_AUTHENTICATED"}}]}""");
        }
        catch (OperationCanceledException)
        {
            // the stream ended first
        }
    }

    private async Task<GraphQLRequest?> ReadRequestAsync(HttpContext context)
    {
        var request = context.Request;
        try
        {
            GraphQLRequest? graphQLRequest;
            if (HttpMethods.IsGet(request.Method))
            {
                graphQLRequest = new GraphQLRequest
                {
                    Query = request.Query["query"].ToString(),
                    OperationName = request.Query["operationName"].ToString() is { Length: > 0 } name ? name : null,
                    Variables = request.Query["variables"].ToString() is { Length: > 0 } variables ? serializer.Deserialize<Inputs>(variables) : null,
                };
            }
            else
            {
                if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals(GraphQLHttpHandler.Json, StringComparison.OrdinalIgnoreCase))
                {
                    await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Send the request as {GraphQLHttpHandler.Json}.");
                    return null;
                }

                var limit = graphQLOptions.Value.MaxRequestBytes;
                await using var body = new LimitedReadStream(request.Body, limit);
                graphQLRequest = await serializer.ReadAsync<GraphQLRequest>(body, context.RequestAborted);
            }

            if (graphQLRequest is null || string.IsNullOrWhiteSpace(graphQLRequest.Query))
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "The request has no 'query'.");
                return null;
            }

            return graphQLRequest;
        }
        catch (LimitedReadStream.LimitExceededException)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"The request is not a valid GraphQL request: {e.Message}");
            return null;
        }
    }

    private async Task RefuseAsync(HttpContext context, int status, string message)
    {
        logger.LogDebug("SSE request refused: {Message}", message);
        context.Response.StatusCode = status;
        context.Response.ContentType = $"{GraphQLHttpHandler.Json}; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body,
            new ExecutionResult { Errors = [new ExecutionError(message) { Code = ErrorCodes.InvalidRequest }], Executed = false }, context.RequestAborted);
    }

    /// <summary>
    /// The events of one SSE response, written by one loop; a bounded number of events may wait
    /// (<see cref="RealtimeOptions.MaxPendingEventsPerConnection"/>), one more ends the response.
    /// </summary>
    private sealed class SseStream(HttpContext context, RealtimeOptions options, IGraphQLTextSerializer serializer) : IDeliveryBudget, IObserver<ExecutionResult>, IDisposable
    {
        private readonly Channel<(string Text, bool Reserved)> _outbox = Channel.CreateUnbounded<(string, bool)>(new UnboundedChannelOptions { SingleReader = true });
        private int _pending;

        public bool TryReserve()
        {
            if (Interlocked.Increment(ref _pending) <= options.MaxPendingEventsPerConnection)
            {
                return true;
            }

            Interlocked.Decrement(ref _pending);
            End("""{"errors":[{"message":"Subscriber too slow: its buffer is full; subscribe again.","extensions":{"code":"SUBSCRIBER_TOO_SLOW"}}]}""");
            return false;
        }

        public void Release() => Interlocked.Decrement(ref _pending);

        public void Next(string json, bool reserved)
        {
            if (!_outbox.Writer.TryWrite(($"event: next\ndata: {json}\n\n", reserved)) && reserved)
            {
                Release();
            }
        }

        public void Complete()
        {
            _outbox.Writer.TryWrite(("event: complete\ndata:\n\n", false));
            _outbox.Writer.TryComplete();
        }

        /// <summary>Ends the stream with a last message.</summary>
        public void End(string json)
        {
            _outbox.Writer.TryWrite(($"event: next\ndata: {json}\n\n", false));
            Complete();
        }

        public async Task WriteAllAsync(CancellationToken cancellationToken)
        {
            var body = context.Response.Body;
            while (true)
            {
                using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                keepAlive.CancelAfter(KeepAlive);
                bool more;
                try
                {
                    more = await _outbox.Reader.WaitToReadAsync(keepAlive.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await body.WriteAsync(":\n\n"u8.ToArray(), cancellationToken);
                    await body.FlushAsync(cancellationToken);
                    continue;
                }

                if (!more)
                {
                    return;
                }

                while (_outbox.Reader.TryRead(out var item))
                {
                    try
                    {
                        await body.WriteAsync(Encoding.UTF8.GetBytes(item.Text), cancellationToken);
                    }
                    finally
                    {
                        if (item.Reserved)
                        {
                            Release();
                        }
                    }
                }

                await body.FlushAsync(cancellationToken);
            }
        }

        public void OnNext(ExecutionResult value)
        {
            if (ReferenceEquals(value, RealtimeExecutionStrategy.Skipped))
            {
                Release();
                return;
            }

            Next(RealtimeExecutionStrategy.ResultJson(serializer, value), reserved: true);
        }

        public void OnError(Exception error) =>
            End("""{"errors":[{"message":"The event stream failed.","extensions":{"code":"UNEXPECTED_EXECUTION_ERROR"}}]}""");

        public void OnCompleted() => Complete();

        public void Dispose() => _outbox.Writer.TryComplete();
    }
}
