using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <summary>
    /// ServiceKind.DepartmentalCell was renamed DepartementalCell (one spelling of "départemental" in the code).
    /// Enums are stored by name: the stored values follow. The names are spelled out here on purpose: a
    /// migration states the data as it was at that time.
    /// </summary>
    public partial class DepartementalCell : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE services SET kind = 'DepartementalCell' WHERE kind = 'DepartmentalCell';");
            migrationBuilder.Sql("UPDATE referrals SET service_kind = 'DepartementalCell' WHERE service_kind = 'DepartmentalCell';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE services SET kind = 'DepartmentalCell' WHERE kind = 'DepartementalCell';");
            migrationBuilder.Sql("UPDATE referrals SET service_kind = 'DepartmentalCell' WHERE service_kind = 'DepartementalCell';");
        }
    }
}
