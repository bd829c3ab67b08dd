using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Realtime;

public static class RealtimeRegistration
{
    /// <summary>The event bus: in-process by default; Redis pub/sub when <c>ContactBox:Realtime:Redis</c> is set.</summary>
    public static IServiceCollection AddContactBoxRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RealtimeOptions.Section);
        services.Configure<RealtimeOptions>(section);
        services.AddSingleton<RealtimeHub>();
        if (string.IsNullOrWhiteSpace(section[nameof(RealtimeOptions.Redis)]))
        {
            services.AddSingleton<IRealtimePublisher, InProcessRealtimePublisher>();
        }
        else
        {
            services.AddSingleton<RedisBackplane>();
            services.AddSingleton<IRealtimePublisher>(sp => sp.GetRequiredService<RedisBackplane>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisBackplane>());
        }

        return services;
    }
}
