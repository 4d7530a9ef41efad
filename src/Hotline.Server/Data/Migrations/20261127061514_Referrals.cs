using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Referrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    triage_id = table.Column<Guid>(type: "uuid", nullable: false),
                    previous_referral_id = table.Column<Guid>(type: "uuid", nullable: true),
                    redirected_to_id = table.Column<Guid>(type: "uuid", nullable: true),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    service_kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    departement_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    cell_commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    cog_year = table.Column<int>(type: "integer", nullable: false),
                    reason_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    routing_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    purpose_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    purpose_label = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    legal_basis_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    legal_basis_label = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    urgency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    urgent = table.Column<bool>(type: "boolean", nullable: false),
                    state = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_by = table.Column<Guid>(type: "uuid", nullable: false),
                    acknowledge_by = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    escalated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals", x => x.id);
                    table.ForeignKey(
                        name: "fk_referrals_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referrals_triages_triage_id",
                        column: x => x.triage_id,
                        principalTable: "triages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "referral_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    from = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    to = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    protected_reason = table.Column<string>(type: "text", nullable: true),
                    related_referral_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_events_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referral_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: false),
                    protected_text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_notes_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_referral_events_referral_id_at",
                table: "referral_events",
                columns: new[] { "referral_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_referral_notes_referral_id_at",
                table: "referral_notes",
                columns: new[] { "referral_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_call_id",
                table: "referrals",
                column: "call_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_cell_commune_code_state",
                table: "referrals",
                columns: new[] { "cell_commune_code", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_departement_code_state",
                table: "referrals",
                columns: new[] { "departement_code", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_one_per_triage",
                table: "referrals",
                column: "triage_id",
                unique: true,
                filter: "previous_referral_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_previous_referral_id",
                table: "referrals",
                column: "previous_referral_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_state_acknowledge_by",
                table: "referrals",
                columns: new[] { "state", "acknowledge_by" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "referral_events");

            migrationBuilder.DropTable(
                name: "referral_notes");

            migrationBuilder.DropTable(
                name: "referrals");
        }
    }
}
