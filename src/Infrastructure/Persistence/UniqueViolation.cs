using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace ContactBox.Infrastructure.Persistence;

/// <summary>
/// A save refused by a unique index of the model, read from each provider's error: the index, the input field it
/// guards (its last property that is not the workspace, camel-cased: <c>externalId</c>, <c>key</c>, <c>email</c>) and the
/// value that was taken. Two concurrent writers can both pass a "is it free?" check; the index refuses the second,
/// and this turns that refusal into the same answer the check gives, instead of an unexpected error.
/// </summary>
public sealed partial record UniqueViolation(IIndex Index, string Field, object? Value)
{
    private const string SqliteUniqueMessage = "UNIQUE constraint failed: ";

    /// <summary>The unique index behind <paramref name="exception"/>, or null when it is another failure.</summary>
    public static UniqueViolation? Of(DbUpdateException exception, IModel model)
    {
        var index = exception.InnerException switch
        {
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e => ByName(model, e.ConstraintName),
            SqlException { Number: 2601 or 2627 } e => ByName(model, SqlServerIndexName().Match(e.Message).Groups[1].Value),
            SqliteException { SqliteErrorCode: 19 } e when e.Message.Contains(SqliteUniqueMessage, StringComparison.Ordinal) => ByColumns(model, e.Message),
            _ => null,
        };
        if (index is null)
        {
            return null;
        }

        var property = index.Properties.LastOrDefault(p => p.Name != "WorkspaceId") ?? index.Properties[^1];
        var entry = exception.Entries.FirstOrDefault(e => index.DeclaringEntityType.ClrType.IsAssignableFrom(e.Metadata.ClrType));
        return new UniqueViolation(index, char.ToLowerInvariant(property.Name[0]) + property.Name[1..], entry?.CurrentValues[property.Name]);
    }

    public string Message => Taken(Words(Index.DeclaringEntityType.ClrType.Name), Field, Value);

    /// <summary>"Another contact already has the externalId 'A-17'.": also the words of the checks made before saving.</summary>
    public static string Taken(string entity, string field, object? value) =>
        $"Another {entity} already has the {field} {(value is null ? "given" : $"'{value}'")}.";

    private static IIndex? ByName(IModel model, string? name) =>
        string.IsNullOrEmpty(name) ? null : model.GetEntityTypes().SelectMany(t => t.GetIndexes()).FirstOrDefault(i => i.IsUnique && i.GetDatabaseName() == name);

    /// <summary>SQLite names the columns: "UNIQUE constraint failed: Contacts.WorkspaceId, Contacts.ExternalId".</summary>
    private static IIndex? ByColumns(IModel model, string message)
    {
        var columns = message[(message.IndexOf(SqliteUniqueMessage, StringComparison.Ordinal) + SqliteUniqueMessage.Length)..]
            .Split('\'')[0].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Split('.')).Where(p => p.Length == 2).ToList();
        if (columns.Count == 0)
        {
            return null;
        }

        return model.GetEntityTypes().Where(t => t.GetTableName() == columns[0][0]).SelectMany(t => t.GetIndexes())
            .FirstOrDefault(i => i.IsUnique && i.Properties.Select(p => p.GetColumnName()).SequenceEqual(columns.Select(c => c[1])));
    }

    private static string Words(string name) => CapitalLetter().Replace(name, " $0").Trim().ToLowerInvariant();

    [GeneratedRegex("(?:unique index|UNIQUE KEY constraint) '([^']+)'")]
    private static partial Regex SqlServerIndexName();

    [GeneratedRegex("(?<!^)[A-Z]")]
    private static partial Regex CapitalLetter();
}
