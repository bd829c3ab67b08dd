using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// Moves the export records of the earlier table (one row per included contact, "ExportedContact") into the buckets
/// (<see cref="Domain.Export.ExportedContactBucket"/>), in the migration that replaces the table, so no record of a
/// disclosure is lost: per export and bucket (the ID's last byte), the IDs' 16 bytes big-endian in ascending order.
/// Called between creating the new table and dropping the old one; kept here so that a regenerated migration needs
/// only the one call back.
/// </summary>
public static class ExportedContactBucketMigration
{
    public static void MoveRows(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(migrationBuilder.ActiveProvider switch
        {
            // GUIDs are upper-case TEXT: hex order is byte order; the bucket is the last two hex digits.
            "Microsoft.EntityFrameworkCore.Sqlite" => """
                INSERT INTO "ExportedContactBucket" ("ExportId", "Bucket", "WorkspaceId", "ContactIds")
                SELECT "ExportId", "Bucket", "WorkspaceId", unhex(group_concat("Hex", '' ORDER BY "Hex"))
                FROM (SELECT "ExportId", "WorkspaceId", upper(replace("ContactId", '-', '')) AS "Hex",
                             (instr('0123456789ABCDEF', upper(substr("ContactId", 35, 1))) - 1) * 16
                             + instr('0123456789ABCDEF', upper(substr("ContactId", 36, 1))) - 1 AS "Bucket"
                      FROM "ExportedContact")
                GROUP BY "ExportId", "Bucket", "WorkspaceId";
                """,
            // uuid_send gives the 16 bytes in order; uuid order is byte order.
            "Npgsql.EntityFrameworkCore.PostgreSQL" => """
                INSERT INTO "ExportedContactBucket" ("ExportId", "Bucket", "WorkspaceId", "ContactIds")
                SELECT "ExportId", get_byte(uuid_send("ContactId"), 15), "WorkspaceId", string_agg(uuid_send("ContactId"), ''::bytea ORDER BY "ContactId")
                FROM "ExportedContact"
                GROUP BY "ExportId", get_byte(uuid_send("ContactId"), 15), "WorkspaceId";
                """,
            // uniqueidentifier's bytes put the first three groups little-endian: turned big-endian, then joined as hex.
            "Microsoft.EntityFrameworkCore.SqlServer" => """
                WITH [Raw] AS (SELECT [ExportId], [WorkspaceId], CAST([ContactId] AS binary(16)) AS [B] FROM [ExportedContact]),
                [Ids] AS (SELECT [ExportId], [WorkspaceId],
                                 SUBSTRING([B], 4, 1) + SUBSTRING([B], 3, 1) + SUBSTRING([B], 2, 1) + SUBSTRING([B], 1, 1)
                                 + SUBSTRING([B], 6, 1) + SUBSTRING([B], 5, 1) + SUBSTRING([B], 8, 1) + SUBSTRING([B], 7, 1) + SUBSTRING([B], 9, 8) AS [Id]
                          FROM [Raw])
                INSERT INTO [ExportedContactBucket] ([ExportId], [Bucket], [WorkspaceId], [ContactIds])
                SELECT [ExportId], CAST(SUBSTRING([Id], 16, 1) AS int), [WorkspaceId],
                       CONVERT(varbinary(max), STRING_AGG(CAST(CONVERT(varchar(32), [Id], 2) AS varchar(max)), '') WITHIN GROUP (ORDER BY [Id]), 2)
                FROM [Ids]
                GROUP BY [ExportId], CAST(SUBSTRING([Id], 16, 1) AS int), [WorkspaceId];
                """,
            var other => throw new NotSupportedException($"No conversion of the export records for {other}."),
        });
    }
}
