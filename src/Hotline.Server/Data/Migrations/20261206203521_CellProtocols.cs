using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class CellProtocols : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "protocol_allowed_purposes",
                table: "services",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "protocol_direct_transmission",
                table: "services",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "protocol_mayor_signatory",
                table: "services",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "protocol_prefect_signatory",
                table: "services",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "protocol_prosecutor_signatory",
                table: "services",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "protocol_review_on",
                table: "services",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "protocol_signed_on",
                table: "services",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "protocol_allowed_purposes",
                table: "services");

            migrationBuilder.DropColumn(
                name: "protocol_direct_transmission",
                table: "services");

            migrationBuilder.DropColumn(
                name: "protocol_mayor_signatory",
                table: "services");

            migrationBuilder.DropColumn(
                name: "protocol_prefect_signatory",
                table: "services");

            migrationBuilder.DropColumn(
                name: "protocol_prosecutor_signatory",
                table: "services");

            migrationBuilder.DropColumn(
                name: "protocol_review_on",
                table: "services");

            migrationBuilder.DropColumn(
                name: "protocol_signed_on",
                table: "services");
        }
    }
}
