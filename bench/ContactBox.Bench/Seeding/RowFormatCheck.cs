using System.Data.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Timeline;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ContactBox.Bench.Seeding;

/// <summary>
/// Proves that the bulk loader stores exactly what EF Core stores: EF saves a sample contact with a tag and a
/// timeline entry, the rows are read back raw, replaced by the loader's rows for the same entities, read again
/// and compared column by column. Everything happens in a transaction that is rolled back.
/// </summary>
internal static class RowFormatCheck
{
    public static async Task RunAsync(ContactBoxDbContext db, IBulkLoader loader, IReadOnlyList<Guid> members, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tx = transaction.GetDbTransaction();

        // Umlauts, "+", quotes and nulls: the cases where JSON escaping or type mapping could differ.
        var contact = new Contact(ContactKind.Person, new ContactDetails
        {
            Salutation = Salutation.Ms,
            Title = "Dr.",
            FirstName = "Jürgen",
            LastName = "Groß-Öztürk",
            Department = "Einkauf & \"Logistik\"",
            Website = "www.beispiel.de",
            Birthday = new DateOnly(1980, 5, 17),
            OwnerId = members[^1],
            Emails = [new EmailAddress("j.gross@example.de", "work", false), new EmailAddress("jg@example.de", null, true)],
            Phones = [new PhoneNumber("+49 (30) 123-45/67", "mobil", false)],
            Addresses = [new PostalAddress(null, "Mühlenstraße 5a", "10115", "Berlin", null, "DE")],
            Tags = [SeedGenerator.CustomerTag, "Straße"],
        }, DateTimeOffset.UtcNow);
        var entry = new TimelineEntry(contact.Id, TimelineEntryKind.Call, Direction.Inbound, "Rückruf: Angebot", "Bitte \"morgen\" anrufen.\nDanke", DateTimeOffset.UtcNow.AddDays(-1), members[0]);
        db.Contacts.Add(contact);
        db.TimelineEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);

        var byEf = await ReadAllAsync(connection, tx, loader, contact, entry, cancellationToken);
        await DeleteAsync(connection, tx, loader, contact, entry, cancellationToken);

        var json = new ContactPointsJson();
        await loader.LoadAsync(Tables.Contacts, [ContactRow.From(contact, json)], tx, cancellationToken);
        await loader.LoadAsync(Tables.ContactTags, contact.Tags.Select(TagRow.From), tx, cancellationToken);
        await loader.LoadAsync(Tables.TimelineEntries, [TimelineRow.From(entry)], tx, cancellationToken);
        var byLoader = await ReadAllAsync(connection, tx, loader, contact, entry, cancellationToken);

        await transaction.RollbackAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var differences = byEf.Zip(byLoader)
            .SelectMany(pair => pair.First.Keys.Union(pair.Second.Keys)
                .Where(column => !Equals(pair.First.GetValueOrDefault(column), pair.Second.GetValueOrDefault(column)))
                .Select(column => $"  {column}: EF wrote «{Show(pair.First.GetValueOrDefault(column))}», the loader «{Show(pair.Second.GetValueOrDefault(column))}»"))
            .ToList();
        if (byEf.Count != byLoader.Count || differences.Count > 0)
        {
            throw new InvalidOperationException($"The bulk loader does not write rows as EF Core does:\n{string.Join('\n', differences)}");
        }
    }

    private static async Task<List<Dictionary<string, object>>> ReadAllAsync(DbConnection connection, DbTransaction tx, IBulkLoader loader, Contact contact, TimelineEntry entry, CancellationToken cancellationToken) =>
    [
        .. await ReadAsync(connection, tx, "SELECT * FROM \"Contacts\" WHERE \"Id\" = @id", loader.DbValue(ColumnKind.Guid, contact.Id), cancellationToken),
        .. await ReadAsync(connection, tx, "SELECT * FROM \"ContactTags\" WHERE \"ContactId\" = @id ORDER BY \"Name\"", loader.DbValue(ColumnKind.Guid, contact.Id), cancellationToken),
        .. await ReadAsync(connection, tx, "SELECT * FROM \"TimelineEntries\" WHERE \"Id\" = @id", loader.DbValue(ColumnKind.Guid, entry.Id), cancellationToken),
    ];

    private static async Task DeleteAsync(DbConnection connection, DbTransaction tx, IBulkLoader loader, Contact contact, TimelineEntry entry, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, tx, "DELETE FROM \"TimelineEntries\" WHERE \"Id\" = @id", loader.DbValue(ColumnKind.Guid, entry.Id), cancellationToken);
        await ExecuteAsync(connection, tx, "DELETE FROM \"ContactTags\" WHERE \"ContactId\" = @id", loader.DbValue(ColumnKind.Guid, contact.Id), cancellationToken);
        await ExecuteAsync(connection, tx, "DELETE FROM \"Contacts\" WHERE \"Id\" = @id", loader.DbValue(ColumnKind.Guid, contact.Id), cancellationToken);
    }

    private static async Task<List<Dictionary<string, object>>> ReadAsync(DbConnection connection, DbTransaction tx, string sql, object id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql, id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Dictionary<string, object>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue));
        }

        return rows.Count > 0 ? rows : throw new InvalidOperationException($"No row found for: {sql}");
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction tx, string sql, object id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql, id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, object id)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        return command;
    }

    private static string Show(object? value) => value is null or DBNull ? "NULL" : $"{value} ({value.GetType().Name})";
}
