using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Persistence;

public static class DatabaseStartup
{
    /// <summary>Applies pending migrations (when configured) and tunes the database for serving.</summary>
    public static async Task PrepareAsync(this ContactBoxDbContext db, DatabaseOptions options, CancellationToken cancellationToken)
    {
        if (options.MigrateOnStart)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers proceed while one request writes. Without statistics SQLite may pick a
            // single-column workspace index over the composite ones; optimize gathers what is missing.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", cancellationToken);
        }
    }
}
