using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferralSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "family_agreed",
                table: "referrals",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "protected_snapshot",
                table: "referrals",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "shared",
                table: "referrals",
                type: "integer",
                maxLength: 64,
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "snapshot_at",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Referrals sent before snapshots existed carry none (shared = 0: nothing personal is shown); their date is their send.
            migrationBuilder.Sql("UPDATE referrals SET snapshot_at = sent_at;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "family_agreed",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "protected_snapshot",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "shared",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "snapshot_at",
                table: "referrals");
        }
    }
}
