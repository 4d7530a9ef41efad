using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Triage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "triages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    caller_relation = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    concerned_age = table.Column<int>(type: "integer", nullable: true),
                    concerned_age_band = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    concerned_minor = table.Column<bool>(type: "boolean", nullable: true),
                    concerned_commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    concerned_departement_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    geography_year = table.Column<int>(type: "integer", nullable: true),
                    warning_signs = table.Column<List<string>>(type: "text[]", nullable: false),
                    taxonomy_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    urgency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    protected_summary = table.Column<string>(type: "text", nullable: true),
                    commune_cell_consent = table.Column<bool>(type: "boolean", nullable: false),
                    commune_cell_consent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    emergency_services = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    immediate_danger_alerted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_triages", x => x.id);
                    table.ForeignKey(
                        name: "fk_triages_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_triages_call_id",
                table: "triages",
                column: "call_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "triages");
        }
    }
}
