using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Console : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "console_presence_seq");

            migrationBuilder.CreateSequence(
                name: "console_queue_seq");

            migrationBuilder.AddColumn<Guid>(
                name: "counsellor_id",
                table: "calls",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "handled_at",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "queue_sid",
                table: "calls",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "console_connections",
                columns: table => new
                {
                    connection_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_console_connections", x => x.connection_id);
                });

            migrationBuilder.CreateTable(
                name: "counsellors",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    presence = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    idle_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    missed_offers = table.Column<int>(type: "integer", nullable: false),
                    current_call_id = table.Column<Guid>(type: "uuid", nullable: true),
                    wrap_up_ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    personal_sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_counsellors", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_counsellors_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "offers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    counsellor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    offered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    by_supervisor = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offers", x => x.id);
                    table.ForeignKey(
                        name: "fk_offers_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_offers_counsellors_counsellor_id",
                        column: x => x.counsellor_id,
                        principalTable: "counsellors",
                        principalColumn: "user_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_console_connections_last_seen_at",
                table: "console_connections",
                column: "last_seen_at");

            migrationBuilder.CreateIndex(
                name: "ix_console_connections_user_id",
                table: "console_connections",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_counsellors_presence_idle_since",
                table: "counsellors",
                columns: new[] { "presence", "idle_since" });

            migrationBuilder.CreateIndex(
                name: "ix_offers_one_pending_per_call",
                table: "offers",
                column: "call_id",
                unique: true,
                filter: "outcome = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_offers_one_pending_per_counsellor",
                table: "offers",
                column: "counsellor_id",
                unique: true,
                filter: "outcome = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_offers_outcome_expires_at",
                table: "offers",
                columns: new[] { "outcome", "expires_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "console_connections");

            migrationBuilder.DropTable(
                name: "offers");

            migrationBuilder.DropTable(
                name: "counsellors");

            migrationBuilder.DropColumn(
                name: "counsellor_id",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "handled_at",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "queue_sid",
                table: "calls");

            migrationBuilder.DropSequence(
                name: "console_presence_seq");

            migrationBuilder.DropSequence(
                name: "console_queue_seq");
        }
    }
}
