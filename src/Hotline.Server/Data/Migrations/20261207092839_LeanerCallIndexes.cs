using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeanerCallIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_counsellor_id_received_at",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_departement_code_queued_at",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_queued_at",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_call_events_kind_at",
                table: "call_events");

            migrationBuilder.CreateIndex(
                name: "ix_calls_counsellor_id_received_at",
                table: "calls",
                columns: new[] { "counsellor_id", "received_at" },
                filter: "counsellor_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_calls_departement_code_queued_at",
                table: "calls",
                columns: new[] { "departement_code", "queued_at" },
                filter: "queued_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_calls_queued_at",
                table: "calls",
                column: "queued_at",
                filter: "queued_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_counsellor_id_received_at",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_departement_code_queued_at",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_queued_at",
                table: "calls");

            migrationBuilder.CreateIndex(
                name: "ix_calls_counsellor_id_received_at",
                table: "calls",
                columns: new[] { "counsellor_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_departement_code_queued_at",
                table: "calls",
                columns: new[] { "departement_code", "queued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_queued_at",
                table: "calls",
                column: "queued_at");

            migrationBuilder.CreateIndex(
                name: "ix_call_events_kind_at",
                table: "call_events",
                columns: new[] { "kind", "at" });
        }
    }
}
