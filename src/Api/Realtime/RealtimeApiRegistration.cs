using ContactBox.Api.GraphQL.Transport;
using ContactBox.Infrastructure.Realtime;

namespace ContactBox.Api.Realtime;

public static class RealtimeApiRegistration
{
    /// <summary>Subscriptions: the event bus (in-process or Redis), publishing, and the WebSocket and SSE transports.</summary>
    public static IServiceCollection AddContactBoxRealtimeApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddContactBoxRealtime(configuration);
        services.AddSingleton<RealtimePublishing>();
        services.AddSingleton<SharedSubscriptions>();
        services.AddSingleton<TransportAuthentication>();
        services.AddSingleton<TokenWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<TokenWatch>());
        services.AddSingleton<GraphQLOperationRunner>();
        services.AddSingleton<GraphQLWebSocketHandler>();
        services.AddSingleton<GraphQLSseHandler>();
        services.AddSingleton<FollowUpDueRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<FollowUpDueRecovery>());
        return services;
    }

    /// <summary>Whether a request at /graphql is for a long-lived transport, and which.</summary>
    public static Task? TryHandleRealtime(this HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            return context.RequestServices.GetRequiredService<GraphQLWebSocketHandler>().HandleAsync(context);
        }

        return GraphQLSseHandler.IsEventStreamRequest(context.Request)
            ? context.RequestServices.GetRequiredService<GraphQLSseHandler>().HandleAsync(context)
            : null;
    }
}
