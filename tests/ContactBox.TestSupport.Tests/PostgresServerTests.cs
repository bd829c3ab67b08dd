using ContactBox.TestSupport;
using Npgsql;

namespace ContactBox.TestSupport.Tests;

public sealed class PostgresServerTests
{
    [SkippableFact]
    public async Task StartedServerAcceptsConnectionsUntilDisposed()
    {
        PostgresServer.SkipUnlessAvailable();
        var server = await PostgresServer.StartAsync();
        var connectionString = server.ConnectionString("postgres");

        Assert.Equal("PostgreSQL", await ScalarAsync<string>(connectionString, "SELECT split_part(version(), ' ', 1)"));
        await server.DisposeAsync();

        await Assert.ThrowsAsync<NpgsqlException>(() => ScalarAsync<int>(connectionString, "SELECT 1"));
    }

    [SkippableFact]
    public async Task CreatedDatabaseAnswersQueries()
    {
        PostgresServer.SkipUnlessAvailable();
        var server = await PostgresServer.Shared;

        var connectionString = await server.CreateDatabaseAsync("answers");

        Assert.Equal(1, await ScalarAsync<int>(connectionString, "SELECT 1"));
        Assert.Equal(
            new NpgsqlConnectionStringBuilder(connectionString).Database,
            await ScalarAsync<string>(connectionString, "SELECT current_database()"));
    }

    [SkippableFact]
    public async Task CreatedDatabasesHaveDistinctNamesAndDoNotShareTables()
    {
        PostgresServer.SkipUnlessAvailable();
        var server = await PostgresServer.Shared;

        var first = await server.CreateDatabaseAsync("isolation");
        var second = await server.CreateDatabaseAsync("isolation");
        await ScalarAsync<int>(first, "CREATE TABLE only_in_first (id int); SELECT 0");

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        Assert.True(await ScalarAsync<bool>(first, "SELECT to_regclass('only_in_first') IS NOT NULL"));
        Assert.False(await ScalarAsync<bool>(second, "SELECT to_regclass('only_in_first') IS NOT NULL"));
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
