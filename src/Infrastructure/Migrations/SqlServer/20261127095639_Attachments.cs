using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContactBox.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Attachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "StorageLimitBytes",
                table: "Workspaces",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ContactId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    TimelineEntryId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    AppointmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    FollowUpId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    FileName = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CreatedById = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Attachments", x => x.Id);
                    table.CheckConstraint("CK_Attachments_OneOwner", "(CASE WHEN \"ContactId\" IS NULL THEN 0 ELSE 1 END) + (CASE WHEN \"TimelineEntryId\" IS NULL THEN 0 ELSE 1 END) + (CASE WHEN \"AppointmentId\" IS NULL THEN 0 ELSE 1 END) + (CASE WHEN \"FollowUpId\" IS NULL THEN 0 ELSE 1 END) = 1");
                    table.ForeignKey(
                        name: "FK_Attachments_Appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "Appointments",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Attachments_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Attachments_FollowUps_FollowUpId",
                        column: x => x.FollowUpId,
                        principalTable: "FollowUps",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Attachments_TimelineEntries_TimelineEntryId",
                        column: x => x.TimelineEntryId,
                        principalTable: "TimelineEntries",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Attachments_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_AppointmentId",
                table: "Attachments",
                column: "AppointmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_ContactId",
                table: "Attachments",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_FollowUpId",
                table: "Attachments",
                column: "FollowUpId");

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_TimelineEntryId",
                table: "Attachments",
                column: "TimelineEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_WorkspaceId_AppointmentId",
                table: "Attachments",
                columns: new[] { "WorkspaceId", "AppointmentId" });

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_WorkspaceId_ContactId",
                table: "Attachments",
                columns: new[] { "WorkspaceId", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_WorkspaceId_FollowUpId",
                table: "Attachments",
                columns: new[] { "WorkspaceId", "FollowUpId" });

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_WorkspaceId_Sha256",
                table: "Attachments",
                columns: new[] { "WorkspaceId", "Sha256" });

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_WorkspaceId_TimelineEntryId",
                table: "Attachments",
                columns: new[] { "WorkspaceId", "TimelineEntryId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Attachments");

            migrationBuilder.DropColumn(
                name: "StorageLimitBytes",
                table: "Workspaces");
        }
    }
}
