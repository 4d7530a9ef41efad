using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class TriageImmediateDangerFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "immediate_danger",
                table: "triages",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Triages recorded with the former immediate-danger outcome keep it as the flag (a level-implied one is set again at the next save).
            migrationBuilder.Sql("UPDATE triages SET immediate_danger = true WHERE outcome = 'ImmediateDanger';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "immediate_danger",
                table: "triages");
        }
    }
}
