using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

/// <summary>Indexes of columns that are NULL for most rows (every imported contact's owner, employer and external ID).</summary>
internal static class PartialIndexes
{
    /// <summary>
    /// Indexes only the rows where <paramref name="column"/> has a value: a row without one costs the index nothing on
    /// insert, and every lookup by a value (<c>= @p</c>, <c>IN (…)</c>, a foreign key check) still uses it, since such a
    /// comparison implies the column is not NULL (PartialIndexTests shows it on PostgreSQL and SQLite; SQL Server matches
    /// an <c>IS NOT NULL</c> filter the same way, not run here). The quoted identifier is standard SQL that all three
    /// accept (SQL Server's filtered indexes require QUOTED_IDENTIFIER ON anyway).
    /// </summary>
    public static IndexBuilder<T> WhereNotNull<T>(this IndexBuilder<T> index, string column) =>
        index.HasFilter($"\"{column}\" IS NOT NULL");
}
