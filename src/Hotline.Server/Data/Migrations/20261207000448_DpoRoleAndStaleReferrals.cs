using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class DpoRoleAndStaleReferrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "anonymised_at",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "open_too_long_at",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.InsertData(
                table: "roles",
                columns: new[] { "id", "concurrency_stamp", "name", "normalized_name" },
                values: new object[] { new Guid("0b5d3c52-7d0e-4a57-9c1e-6f1b8f0a0006"), "0b5d3c52-7d0e-4a57-9c1e-6f1b8f0a0006", "DataProtectionOfficer", "DATAPROTECTIONOFFICER" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "roles",
                keyColumn: "id",
                keyValue: new Guid("0b5d3c52-7d0e-4a57-9c1e-6f1b8f0a0006"));

            migrationBuilder.DropColumn(
                name: "anonymised_at",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "open_too_long_at",
                table: "referrals");
        }
    }
}
