using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContactBox.Infrastructure.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ImportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PurposeAssignments_WorkspaceId_ContactId",
                table: "PurposeAssignments");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_EmployerId",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_OwnerId",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_WorkspaceId_ExternalId",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_ContactPrivacy_WorkspaceId_RetentionReviewSince",
                table: "ContactPrivacy");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_EmployerId",
                table: "Contacts",
                column: "EmployerId",
                filter: "\"EmployerId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OwnerId",
                table: "Contacts",
                column: "OwnerId",
                filter: "\"OwnerId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_WorkspaceId_ExternalId",
                table: "Contacts",
                columns: new[] { "WorkspaceId", "ExternalId" },
                unique: true,
                filter: "\"ExternalId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ContactPrivacy_WorkspaceId",
                table: "ContactPrivacy",
                column: "WorkspaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_EmployerId",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_OwnerId",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_WorkspaceId_ExternalId",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_ContactPrivacy_WorkspaceId",
                table: "ContactPrivacy");

            migrationBuilder.CreateIndex(
                name: "IX_PurposeAssignments_WorkspaceId_ContactId",
                table: "PurposeAssignments",
                columns: new[] { "WorkspaceId", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_EmployerId",
                table: "Contacts",
                column: "EmployerId");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OwnerId",
                table: "Contacts",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_WorkspaceId_ExternalId",
                table: "Contacts",
                columns: new[] { "WorkspaceId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContactPrivacy_WorkspaceId_RetentionReviewSince",
                table: "ContactPrivacy",
                columns: new[] { "WorkspaceId", "RetentionReviewSince" });
        }
    }
}
