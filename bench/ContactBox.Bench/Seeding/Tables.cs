using ContactBox.Domain.Contacts;
using ContactBox.Domain.Timeline;

namespace ContactBox.Bench.Seeding;

/// <summary>How a value is stored; each loader maps these kinds to its provider's column types, as EF Core does.</summary>
internal enum ColumnKind
{
    Guid,
    String,
    Int,
    Instant,
    Date,
    Json,
}

internal sealed record Column<TRow>(string Name, ColumnKind Kind, Func<TRow, object?> Value);

internal sealed record Table<TRow>(string Name, IReadOnlyList<Column<TRow>> Columns);

internal sealed record ContactRow(
    Guid Id, string Kind, string? Salutation, string? Title, string? FirstName, string? LastName, string? OrganizationName,
    string? Department, string? JobTitle, string DisplayName, string? Website, DateOnly? Birthday, Guid? OwnerId, Guid? EmployerId,
    int Version, Guid WorkspaceId, DateTimeOffset CreatedAt, Guid? CreatedById, DateTimeOffset UpdatedAt, Guid? UpdatedById,
    string Addresses, string Emails, string Phones)
{
    public static ContactRow From(Contact c, ContactPointsJson json) => new(
        c.Id, c.Kind.ToString(), c.Salutation?.ToString(), c.Title, c.FirstName, c.LastName, c.OrganizationName,
        c.Department, c.JobTitle, c.DisplayName, c.Website, c.Birthday, c.OwnerId, c.EmployerId,
        c.Version, c.WorkspaceId, c.CreatedAt, c.CreatedById, c.UpdatedAt, c.UpdatedById,
        json.Addresses(c.Addresses), json.Emails(c.Emails), json.Phones(c.Phones));
}

internal sealed record TagRow(Guid ContactId, string Name, Guid WorkspaceId)
{
    public static TagRow From(ContactTag t) => new(t.ContactId, t.Name, t.WorkspaceId);
}

internal sealed record TimelineRow(
    Guid Id, Guid ContactId, string Kind, string? Direction, string? Subject, string? Body, DateTimeOffset OccurredAt, Guid? AuthorId,
    Guid WorkspaceId, DateTimeOffset CreatedAt, Guid? CreatedById, DateTimeOffset UpdatedAt, Guid? UpdatedById)
{
    public static TimelineRow From(TimelineEntry t) => new(
        t.Id, t.ContactId, t.Kind.ToString(), t.Direction?.ToString(), t.Subject, t.Body, t.OccurredAt, t.AuthorId,
        t.WorkspaceId, t.CreatedAt, t.CreatedById, t.UpdatedAt, t.UpdatedById);
}

/// <summary>
/// The columns of the tables the seed fills, named and typed as in the Initial migrations
/// (src/Infrastructure/Migrations/*/…_Initial.cs). <see cref="RowFormatCheck"/> proves them against EF Core.
/// </summary>
internal static class Tables
{
    public static readonly Table<ContactRow> Contacts = new("Contacts",
    [
        new("Id", ColumnKind.Guid, r => r.Id),
        new("Kind", ColumnKind.String, r => r.Kind),
        new("Salutation", ColumnKind.String, r => r.Salutation),
        new("Title", ColumnKind.String, r => r.Title),
        new("FirstName", ColumnKind.String, r => r.FirstName),
        new("LastName", ColumnKind.String, r => r.LastName),
        new("OrganizationName", ColumnKind.String, r => r.OrganizationName),
        new("Department", ColumnKind.String, r => r.Department),
        new("JobTitle", ColumnKind.String, r => r.JobTitle),
        new("DisplayName", ColumnKind.String, r => r.DisplayName),
        new("Website", ColumnKind.String, r => r.Website),
        new("Birthday", ColumnKind.Date, r => r.Birthday),
        new("OwnerId", ColumnKind.Guid, r => r.OwnerId),
        new("EmployerId", ColumnKind.Guid, r => r.EmployerId),
        new("Version", ColumnKind.Int, r => r.Version),
        new("WorkspaceId", ColumnKind.Guid, r => r.WorkspaceId),
        new("CreatedAt", ColumnKind.Instant, r => r.CreatedAt),
        new("CreatedById", ColumnKind.Guid, r => r.CreatedById),
        new("UpdatedAt", ColumnKind.Instant, r => r.UpdatedAt),
        new("UpdatedById", ColumnKind.Guid, r => r.UpdatedById),
        new("Addresses", ColumnKind.Json, r => r.Addresses),
        new("Emails", ColumnKind.Json, r => r.Emails),
        new("Phones", ColumnKind.Json, r => r.Phones),
    ]);

    public static readonly Table<TagRow> ContactTags = new("ContactTags",
    [
        new("ContactId", ColumnKind.Guid, r => r.ContactId),
        new("Name", ColumnKind.String, r => r.Name),
        new("WorkspaceId", ColumnKind.Guid, r => r.WorkspaceId),
    ]);

    public static readonly Table<TimelineRow> TimelineEntries = new("TimelineEntries",
    [
        new("Id", ColumnKind.Guid, r => r.Id),
        new("ContactId", ColumnKind.Guid, r => r.ContactId),
        new("Kind", ColumnKind.String, r => r.Kind),
        new("Direction", ColumnKind.String, r => r.Direction),
        new("Subject", ColumnKind.String, r => r.Subject),
        new("Body", ColumnKind.String, r => r.Body),
        new("OccurredAt", ColumnKind.Instant, r => r.OccurredAt),
        new("AuthorId", ColumnKind.Guid, r => r.AuthorId),
        new("WorkspaceId", ColumnKind.Guid, r => r.WorkspaceId),
        new("CreatedAt", ColumnKind.Instant, r => r.CreatedAt),
        new("CreatedById", ColumnKind.Guid, r => r.CreatedById),
        new("UpdatedAt", ColumnKind.Instant, r => r.UpdatedAt),
        new("UpdatedById", ColumnKind.Guid, r => r.UpdatedById),
    ]);
}
