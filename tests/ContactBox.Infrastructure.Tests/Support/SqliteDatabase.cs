using ContactBox.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;

namespace ContactBox.Infrastructure.Tests.Support;

/// <summary>SQLite database files in the fixture's temporary folder; SQLite is embedded, so always available.</summary>
public sealed class SqliteDatabase : DatabaseFixture
{
    private readonly List<string> connectionStrings = [];

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override bool IsAvailable => true;

    public override void SkipUnlessAvailable()
    {
    }

    public override Task<string> CreateEmptyDatabaseAsync()
    {
        var file = Path.Combine(DataPath, $"contactbox-{connectionStrings.Count + 1}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString;
        connectionStrings.Add(connectionString);
        return Task.FromResult(connectionString);
    }

    public override async Task DisposeAsync()
    {
        // Pooled connections keep the files open; close them so the folder can be deleted.
        foreach (var connectionString in connectionStrings)
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }

        await base.DisposeAsync();
    }
}
