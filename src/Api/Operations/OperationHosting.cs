using ContactBox.Infrastructure.Operations;

namespace ContactBox.Api.Operations;

public static class OperationHosting
{
    /// <summary>Background operations: options, files, the restart rule on SQLite. The jobs are in JobContributions.</summary>
    public static WebApplicationBuilder AddContactBoxOperations(this WebApplicationBuilder builder, string dataPath)
    {
        builder.Services.AddContactBoxOperations(builder.Configuration, dataPath);
        builder.Services.AddSingleton<OperationRecovery>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<OperationRecovery>());
        return builder;
    }

    public static void MapContactBoxOperations(this WebApplication app) => OperationEndpoints.Map(app);
}
