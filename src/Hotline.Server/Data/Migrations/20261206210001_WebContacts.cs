using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class WebContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "held_for_review",
                table: "calls",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "web_contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    protected_message = table.Column<string>(type: "character varying(40000)", maxLength: 40000, nullable: false),
                    protected_phone = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    protected_email = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    relation = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    age_band = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_web_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_web_contacts_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_web_contacts_call_id",
                table: "web_contacts",
                column: "call_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_web_contacts_received_at",
                table: "web_contacts",
                column: "received_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "web_contacts");

            migrationBuilder.DropColumn(
                name: "held_for_review",
                table: "calls");
        }
    }
}
