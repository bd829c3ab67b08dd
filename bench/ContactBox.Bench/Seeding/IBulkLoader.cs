using System.Data.Common;

namespace ContactBox.Bench.Seeding;

/// <summary>Writes rows the fastest way a provider offers, bypassing EF Core but producing the same stored values.</summary>
internal interface IBulkLoader
{
    /// <summary>Session settings for a bulk load; called once, outside any transaction.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="rows"/>, in <paramref name="transaction"/> when given, else in large transactions of its own.</summary>
    Task<long> LoadAsync<TRow>(Table<TRow> table, IEnumerable<TRow> rows, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Statistics for the planner, and the settings of <see cref="PrepareAsync"/> undone.</summary>
    Task FinishAsync(CancellationToken cancellationToken);

    /// <summary>A value as this provider stores it, for use as a query parameter.</summary>
    object DbValue(ColumnKind kind, object? value);
}
