using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommuneSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Trusted since PostgreSQL 13: the owner role creates it (the application role cannot create anything).
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");

            migrationBuilder.CreateTable(
                name: "commune_search",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    departement_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    departement_name = table.Column<string>(type: "text", nullable: false),
                    population = table.Column<int>(type: "integer", nullable: true),
                    search_name = table.Column<string>(type: "text", nullable: false),
                    cog_year = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commune_search", x => x.code);
                });

            migrationBuilder.CreateIndex(
                name: "ix_commune_search_search_name",
                table: "commune_search",
                column: "search_name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commune_search");
        }
    }
}
