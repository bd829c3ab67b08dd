using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContactBox.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExportCompletion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClientId",
                table: "ContactExport",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FileRemovedAt",
                table: "ContactExport",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ClientExportPurpose",
                columns: table => new
                {
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PurposeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClientExportPurpose", x => new { x.ClientId, x.PurposeId });
                    table.ForeignKey(
                        name: "FK_ClientExportPurpose_OAuthClients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "OAuthClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ClientExportPurpose_ProcessingPurposes_PurposeId",
                        column: x => x.PurposeId,
                        principalTable: "ProcessingPurposes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ClientExportPurpose_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EmailBounce",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    HardBouncedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HardBounceReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SoftBounceCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSoftBounceAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailBounce", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmailBounce_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClientExportPurpose_PurposeId",
                table: "ClientExportPurpose",
                column: "PurposeId");

            migrationBuilder.CreateIndex(
                name: "IX_ClientExportPurpose_WorkspaceId",
                table: "ClientExportPurpose",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_EmailBounce_WorkspaceId_Address",
                table: "EmailBounce",
                columns: new[] { "WorkspaceId", "Address" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClientExportPurpose");

            migrationBuilder.DropTable(
                name: "EmailBounce");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "ContactExport");

            migrationBuilder.DropColumn(
                name: "FileRemovedAt",
                table: "ContactExport");
        }
    }
}
