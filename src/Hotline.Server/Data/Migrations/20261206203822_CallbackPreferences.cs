using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallbackPreferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "callback_message_allowed",
                table: "calls",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "callback_window",
                table: "calls",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "callback_message_allowed",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "callback_window",
                table: "calls");
        }
    }
}
