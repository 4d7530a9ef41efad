using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferralReferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "age_band",
                table: "referrals",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reference",
                table: "referrals",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "sender_name",
                table: "referrals",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "referral_reference_counters",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_reference_counters", x => x.year);
                });

            // Existing referrals get their references in the order they were sent, year by year (Paris time, like
            // new ones), and the counters start after them; a follow-on's sender is the service that redirected it.
            migrationBuilder.Sql("""
                WITH numbered AS (
                    SELECT id, EXTRACT(YEAR FROM sent_at AT TIME ZONE 'Europe/Paris')::int AS year,
                           row_number() OVER (PARTITION BY EXTRACT(YEAR FROM sent_at AT TIME ZONE 'Europe/Paris') ORDER BY sent_at, id) AS number
                    FROM referrals)
                UPDATE referrals r SET reference = lpad(n.year::text, 4, '0') || '-' || lpad(n.number::text, 6, '0')
                FROM numbered n WHERE n.id = r.id;

                INSERT INTO referral_reference_counters (year, last_number)
                SELECT EXTRACT(YEAR FROM sent_at AT TIME ZONE 'Europe/Paris')::int, count(*)
                FROM referrals GROUP BY 1;

                UPDATE referrals r SET sender_name = coalesce(
                    (SELECT p.service_name FROM referrals p WHERE p.id = r.previous_referral_id), 'Ligne nationale d’écoute');
                """);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_reference",
                table: "referrals",
                column: "reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "referral_reference_counters");

            migrationBuilder.DropIndex(
                name: "ix_referrals_reference",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "age_band",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "reference",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "sender_name",
                table: "referrals");
        }
    }
}
