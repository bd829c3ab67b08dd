namespace ContactBox.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>Section <c>ContactBox:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "ContactBox:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite defaults to a file under the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start (default). Turn off where a deployment step migrates.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
