using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContactBox.Infrastructure.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ExportedContactBuckets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ExportedContactBucket",
                columns: table => new
                {
                    ExportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Bucket = table.Column<int>(type: "integer", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactIds = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExportedContactBucket", x => new { x.ExportId, x.Bucket });
                    table.ForeignKey(
                        name: "FK_ExportedContactBucket_ContactExport_ExportId",
                        column: x => x.ExportId,
                        principalTable: "ContactExport",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExportedContactBucket_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExportedContactBucket_WorkspaceId_Bucket",
                table: "ExportedContactBucket",
                columns: new[] { "WorkspaceId", "Bucket" });

            // The records of earlier exports move into the buckets before the old table goes.
            ContactBox.Infrastructure.Export.ExportedContactBucketMigration.MoveRows(migrationBuilder);

            migrationBuilder.DropTable(
                name: "ExportedContact");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExportedContactBucket");

            migrationBuilder.CreateTable(
                name: "ExportedContact",
                columns: table => new
                {
                    ExportId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExportedContact", x => new { x.ExportId, x.ContactId });
                    table.ForeignKey(
                        name: "FK_ExportedContact_ContactExport_ExportId",
                        column: x => x.ExportId,
                        principalTable: "ContactExport",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExportedContact_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExportedContact_WorkspaceId_ContactId",
                table: "ExportedContact",
                columns: new[] { "WorkspaceId", "ContactId" });
        }
    }
}
