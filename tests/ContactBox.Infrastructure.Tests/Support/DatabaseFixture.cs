using ContactBox.Domain.Workspaces;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Tests.Support;

/// <summary>
/// One real, migrated database per test class, registered exactly as the API registers it
/// (<see cref="DatabaseRegistration.AddContactBoxDatabase"/>), with a clock the tests control.
/// Tests share the database, so each creates its own workspaces and looks only at those.
/// </summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private ServiceProvider? services;

    protected DatabaseFixture()
    {
        DataPath = Path.Combine(Path.GetTempPath(), "contactbox-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataPath);
    }

    public abstract DatabaseProvider Provider { get; }

    public FixedTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    /// <summary>A folder of this fixture's own, deleted with it.</summary>
    protected string DataPath { get; }

    private IServiceProvider Services =>
        services ?? throw new InvalidOperationException($"The {Provider} database was not created: call SkipUnlessAvailable first.");

    /// <summary>Skips (or, with CI=true, fails) the calling [SkippableFact] when the database server is missing.</summary>
    public abstract void SkipUnlessAvailable();

    protected abstract bool IsAvailable { get; }

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public abstract Task<string> CreateEmptyDatabaseAsync();

    public async Task InitializeAsync()
    {
        if (!IsAvailable)
        {
            return;
        }

        services = BuildServices(await CreateEmptyDatabaseAsync());
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Database.MigrateAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        Directory.Delete(DataPath, recursive: true);
    }

    /// <summary>The API's database registration for <paramref name="connectionString"/>, with <see cref="Clock"/> as the time.</summary>
    public ServiceProvider BuildServices(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ContactBox:Database:Provider"] = Provider.ToString(),
                ["ContactBox:Database:ConnectionString"] = connectionString,
            })
            .Build();

        var collection = new ServiceCollection();
        collection.AddContactBoxDatabase(configuration, DataPath);
        collection.AddSingleton<TimeProvider>(Clock);
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A unit of work in <paramref name="workspaceId"/>, acting as <paramref name="actorId"/>.</summary>
    public WorkspaceScope Open(Guid workspaceId, Guid? actorId = null)
    {
        var scope = OpenWithoutWorkspace();
        scope.Workspace.Set(workspaceId, actorId);
        return scope;
    }

    /// <summary>A unit of work whose starter forgot to say which workspace it works in.</summary>
    public WorkspaceScope OpenWithoutWorkspace() => new(Services.CreateAsyncScope());

    public async Task<Guid> CreateWorkspaceAsync(string name = "Muster GmbH")
    {
        await using var scope = OpenWithoutWorkspace();
        var workspace = new Workspace(name, Clock.GetUtcNow());
        scope.Db.Workspaces.Add(workspace);
        await scope.Db.SaveChangesAsync();
        return workspace.Id;
    }

    /// <summary>Adds <paramref name="entities"/> to <paramref name="workspaceId"/> in a unit of work of their own.</summary>
    public async Task AddAsync(Guid workspaceId, params object[] entities)
    {
        await using var scope = Open(workspaceId);
        scope.Db.AddRange(entities);
        await scope.Db.SaveChangesAsync();
    }
}
