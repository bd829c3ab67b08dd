using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Operations;

public static class OperationsRegistration
{
    /// <summary>The options, the shared file folder and the board of operations running on this instance.</summary>
    public static IServiceCollection AddContactBoxOperations(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        services.Configure<OperationOptions>(configuration.GetSection(OperationOptions.Section));
        services.AddSingleton(new OperationFiles(Path.Combine(dataPath, "operations")));
        services.AddSingleton<OperationBoard>();
        return services;
    }
}
