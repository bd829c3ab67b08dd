using ContactBox.Infrastructure.Realtime;
using GraphQL;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// GraphQL over WebSocket at <c>/graphql</c> with the <c>graphql-transport-ws</c> subprotocol (the graphql-ws
/// protocol): one <see cref="GraphQLWebSocketConnection"/> per socket.
/// </summary>
public sealed class GraphQLWebSocketHandler(
    GraphQLOperationRunner runner,
    TransportAuthentication authentication,
    TokenWatch tokens,
    IGraphQLTextSerializer serializer,
    IOptions<RealtimeOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<GraphQLWebSocketConnection> logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    public async Task HandleAsync(HttpContext context)
    {
        var offered = context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(offered ? SubProtocol : null);
        await using var connection = new GraphQLWebSocketConnection(socket, runner, authentication, tokens, serializer, options.Value, clock, logger);
        if (!offered)
        {
            await connection.CloseAsync(GraphQLWebSocketConnection.CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable: use " + SubProtocol);
            return;
        }

        using var stopping = lifetime.ApplicationStopping.Register(() =>
            _ = connection.CloseAsync(GraphQLWebSocketConnection.CloseCodes.GoingAway, "Server shutting down"));
        await connection.RunAsync(TransportAuthentication.BearerToken(context.Request), context.RequestAborted);
    }
}
