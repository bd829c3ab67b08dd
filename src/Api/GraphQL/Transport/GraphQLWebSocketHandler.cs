using ContactBox.Infrastructure.Realtime;
using GraphQL;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// GraphQL over WebSocket at <c>/graphql</c> with the <c>graphql-transport-ws</c> subprotocol (the graphql-ws
/// protocol): one <see cref="GraphQLWebSocketConnection"/> per socket.
/// </summary>
public sealed class GraphQLWebSocketHandler(
    GraphQLOperationRunner runner,
    TransportAuthentication authentication,
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
        await ReleaseRequestScopeAsync(context);
        await using var connection = new GraphQLWebSocketConnection(socket, runner, authentication, serializer, options.Value, clock, logger);
        if (!offered)
        {
            await connection.CloseAsync(GraphQLWebSocketConnection.CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable: use " + SubProtocol);
            return;
        }

        using var stopping = lifetime.ApplicationStopping.Register(() =>
            _ = connection.CloseAsync(GraphQLWebSocketConnection.CloseCodes.GoingAway, "Server shutting down"));
        await connection.RunAsync(TransportAuthentication.BearerToken(context.Request), context.RequestAborted);
    }

    /// <summary>
    /// The upgrade request's DI scope would live as long as the socket, holding what the middleware resolved in it
    /// (the authentication's services and their DbContext): a few KiB per idle connection. The connection resolves
    /// nothing from it (each operation and each event runs in a scope of its own), so it is disposed once the socket
    /// is accepted; the rest of the request gets an empty scope of its own, disposed with the request.
    /// </summary>
    private static async ValueTask ReleaseRequestScopeAsync(HttpContext context)
    {
        if (context.Features.Get<IServiceProvidersFeature>() is not IAsyncDisposable upgradeScope)
        {
            return;
        }

        var empty = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        await upgradeScope.DisposeAsync();
        context.RequestServices = empty.ServiceProvider;
        context.Response.RegisterForDisposeAsync(empty);
    }
}
