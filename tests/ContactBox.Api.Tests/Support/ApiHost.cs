using ContactBox.Infrastructure.Persistence;
using ContactBox.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Support;

/// <summary>
/// The real API (Program.cs) on Kestrel at a free loopback port, with its own database: a fresh SQLite file,
/// or a fresh database on the shared throwaway PostgreSQL server. One per test class.
/// </summary>
public abstract class ApiHost : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "contactbox-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;
    private string? _unavailable;

    public StatementCounter Statements { get; } = new();

    public GraphQLClient GraphQL { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress => Http.BaseAddress!;

    public IServiceProvider Services => _factory!.Services;

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>Extra configuration for hosts that test a setting.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>Connection string for the provider, or null for the SQLite default under the data folder.</summary>
    protected abstract Task<string?> ConnectionStringAsync();

    /// <summary>Skips the calling test (outside CI) when this host's database cannot run here.</summary>
    public void SkipIfUnavailable() => Skip.If(_unavailable is not null, _unavailable);

    public async Task InitializeAsync()
    {
        string? connectionString;
        try
        {
            connectionString = await ConnectionStringAsync();
        }
        catch (DatabaseUnavailableException e)
        {
            _unavailable = e.Message;
            return;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ContactBox:DataPath", _dataPath);
            web.UseSetting("ContactBox:Database:Provider", Provider.ToString());
            if (connectionString is not null)
            {
                web.UseSetting("ContactBox:Database:ConnectionString", connectionString);
            }

            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.UseUrls("http://127.0.0.1:0");
            foreach (var (key, value) in Settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureServices(services => services.AddSingleton<IInterceptor>(Statements));
        });
        _factory.UseKestrel();
        _factory.StartServer();
        Http = _factory.CreateClient();
        GraphQL = new GraphQLClient(Http);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}

public sealed class SqliteApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>A host whose explorer files are missing, as on a machine without npm.</summary>
public sealed class SqliteApiWithoutExplorer : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["ContactBox:Explorer:Path"] = Path.Combine(Path.GetTempPath(), "no-explorer-here") };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override async Task<string?> ConnectionStringAsync()
    {
        if (!PostgresServer.IsAvailable(out var reason))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"PostgreSQL is required in CI: {reason}");
            }

            throw new DatabaseUnavailableException($"PostgreSQL is not installed here, so this PostgreSQL test was skipped: {reason}");
        }

        var server = await PostgresServer.Shared;
        return await server.CreateDatabaseAsync("api");
    }
}

internal sealed class DatabaseUnavailableException(string message) : Exception(message);
