using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferralClosingReasons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "closing_reason",
                table: "referrals",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "moved_to_departement_code",
                table: "referrals",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "protected_closing_note",
                table: "referrals",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "closing_reason",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "moved_to_departement_code",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "protected_closing_note",
                table: "referrals");
        }
    }
}
