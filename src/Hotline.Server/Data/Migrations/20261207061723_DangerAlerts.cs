using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class DangerAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "danger_alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    raised_by = table.Column<Guid>(type: "uuid", nullable: false),
                    departement_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    emergency_services = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    taken_in_charge_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    taken_in_charge_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_danger_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_danger_alerts_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_danger_alerts_call_id",
                table: "danger_alerts",
                column: "call_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_danger_alerts_raised_at",
                table: "danger_alerts",
                column: "raised_at",
                filter: "taken_in_charge_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "danger_alerts");
        }
    }
}
