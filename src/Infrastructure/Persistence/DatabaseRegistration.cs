using ContactBox.Infrastructure.Persistence.Providers;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Persistence;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers <see cref="ContactBoxDbContext"/> for the configured provider, the per-scope
    /// <see cref="CurrentWorkspace"/> it filters by, and the stamping interceptor.
    /// </summary>
    public static IServiceCollection AddContactBoxDatabase(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException($"{DatabaseOptions.Section}:ConnectionString is required for {options.Provider}.");
            }

            Directory.CreateDirectory(dataPath);
            connectionString = $"Data Source={Path.Combine(dataPath, "contactbox.db")}";
        }

        options.ConnectionString = connectionString;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<CurrentWorkspace>();
        // Interceptors come from DI, so hosts can add their own (statement counters in tests and benchmarks).
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, WorkspaceStampInterceptor>();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                Register<SqliteContactBoxDbContext>(services, options);
                break;
            case DatabaseProvider.PostgreSql:
                Register<PostgreSqlContactBoxDbContext>(services, options);
                break;
            case DatabaseProvider.SqlServer:
                Register<SqlServerContactBoxDbContext>(services, options);
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {options.Provider}.");
        }

        return services;
    }

    private static void Register<TContext>(IServiceCollection services, DatabaseOptions options)
        where TContext : ContactBoxDbContext
    {
        // The options are built once (the interceptors are singletons), not for every request's context.
        services.AddDbContext<ContactBoxDbContext, TContext>((provider, builder) =>
        {
            Configure(builder, options.Provider, options.ConnectionString!);
            builder.AddInterceptors(provider.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        }, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
    }

    internal static DbContextOptionsBuilder<TContext> Configure<TContext>(DbContextOptionsBuilder<TContext> builder, DatabaseProvider provider, string connectionString)
        where TContext : DbContext
    {
        Configure((DbContextOptionsBuilder)builder, provider, connectionString);
        return builder;
    }

    // PostgreSQL otherwise plans every statement anew, which costs as much as running it for a page of
    // contacts; prepared statements are reused per connection. A value in the connection string wins.
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    private static void Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString)
    {
        const string history = "__EFMigrationsHistory";
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable(history).UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                    .AddInterceptors(SqliteWholeWorkspaceInterceptor.Instance);
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(WithAutoPrepare(connectionString), o => o.MigrationsHistoryTable(history));
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(connectionString, o => o.MigrationsHistoryTable(history));
                break;
        }

        // The authorization server's applications and tokens live in the same database (OpenIddict's EF Core stores).
        builder.UseOpenIddict();

        // Loading several collections in one statement multiplies rows (a cartesian product); make that an
        // error so that every such load is batched deliberately.
        builder.ConfigureWarnings(w => w.Throw(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.MultipleCollectionIncludeWarning));
    }
}
