using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class ResendAfterRecall : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_referrals_one_per_triage",
                table: "referrals");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_one_per_triage",
                table: "referrals",
                column: "triage_id",
                unique: true,
                filter: "previous_referral_id IS NULL AND state <> 'Recalled'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_referrals_one_per_triage",
                table: "referrals");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_one_per_triage",
                table: "referrals",
                column: "triage_id",
                unique: true,
                filter: "previous_referral_id IS NULL");
        }
    }
}
