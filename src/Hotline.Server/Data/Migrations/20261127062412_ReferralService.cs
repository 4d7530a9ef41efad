using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferralService : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_referrals_service_id",
                table: "referrals",
                column: "service_id");

            migrationBuilder.AddForeignKey(
                name: "fk_referrals_services_service_id",
                table: "referrals",
                column: "service_id",
                principalTable: "services",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_referrals_services_service_id",
                table: "referrals");

            migrationBuilder.DropIndex(
                name: "ix_referrals_service_id",
                table: "referrals");
        }
    }
}
