using ContactBox.Infrastructure.Jobs;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContactBox.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Realtime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Quartz.NET's clustered job store (its own schema script, see QuartzSchema).
            QuartzSchema.Create(migrationBuilder, DatabaseProvider.SqlServer);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            QuartzSchema.Drop(migrationBuilder, DatabaseProvider.SqlServer);
        }
    }
}
