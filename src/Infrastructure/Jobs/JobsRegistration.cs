using ContactBox.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace ContactBox.Infrastructure.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// The one Quartz.NET scheduler of the product, with every feature's <see cref="IJobContribution"/>. On
    /// PostgreSQL and SQL Server it keeps jobs in the database (tables of the Realtime migration) and runs clustered:
    /// instances share the work, each trigger fires on one of them, and a job survives the instance that scheduled
    /// it. On SQLite (one instance) it keeps them in memory.
    /// </summary>
    public static IServiceCollection AddContactBoxJobs(this IServiceCollection services, IConfiguration configuration, IEnumerable<IJobContribution> contributions)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddQuartz(quartz =>
        {
            if (database.Provider is DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer)
            {
                quartz.UsePersistentStore(store =>
                {
                    if (database.Provider == DatabaseProvider.PostgreSql)
                    {
                        store.UsePostgres(database.ConnectionString!);
                    }
                    else
                    {
                        store.UseSqlServer(database.ConnectionString!);
                    }

                    store.ConfigureStore(options => options.TablePrefix = QuartzSchema.TablePrefix);
                    store.UseClustering(clustering => clustering.CheckinInterval = TimeSpan.FromSeconds(5));
                });
            }
            else
            {
                quartz.UseInMemoryStore();
            }

            foreach (var contribution in contributions)
            {
                contribution.Configure(quartz);
            }
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
