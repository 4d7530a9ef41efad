using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatisticsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_referrals_departement_code_sent_at",
                table: "referrals",
                columns: new[] { "departement_code", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_sent_at",
                table: "referrals",
                column: "sent_at");

            migrationBuilder.CreateIndex(
                name: "ix_calls_departement_code_queued_at",
                table: "calls",
                columns: new[] { "departement_code", "queued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_queued_at",
                table: "calls",
                column: "queued_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_referrals_departement_code_sent_at",
                table: "referrals");

            migrationBuilder.DropIndex(
                name: "ix_referrals_sent_at",
                table: "referrals");

            migrationBuilder.DropIndex(
                name: "ix_calls_departement_code_queued_at",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_queued_at",
                table: "calls");
        }
    }
}
