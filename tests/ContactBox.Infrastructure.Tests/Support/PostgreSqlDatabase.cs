using ContactBox.Infrastructure.Persistence;
using ContactBox.TestSupport;

namespace ContactBox.Infrastructure.Tests.Support;

/// <summary>Databases on the throwaway PostgreSQL server that all test classes share.</summary>
public sealed class PostgreSqlDatabase : DatabaseFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override bool IsAvailable => PostgresServer.IsAvailable(out _);

    public override void SkipUnlessAvailable() => PostgresServer.SkipUnlessAvailable();

    public override async Task<string> CreateEmptyDatabaseAsync()
    {
        var server = await PostgresServer.Shared;
        return await server.CreateDatabaseAsync("infrastructure");
    }
}
