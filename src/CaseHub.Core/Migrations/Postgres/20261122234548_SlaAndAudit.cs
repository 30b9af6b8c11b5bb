using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CaseHub.Core.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SlaAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    JurisdictionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Data = table.Column<string>(type: "text", nullable: true),
                    PreviousHash = table.Column<string>(type: "character(64)", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character(64)", unicode: false, fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CalendarDays",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    IsWorkingDay = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarDays", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "Suspensions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    From = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    To = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Suspensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Suspensions_Jurisdictions_JurisdictionId",
                        column: x => x.JurisdictionId,
                        principalTable: "Jurisdictions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "CalendarDays",
                columns: new[] { "Date", "IsWorkingDay", "Name" },
                values: new object[,]
                {
                    { new DateOnly(2026, 1, 1), false, "元旦" },
                    { new DateOnly(2026, 1, 2), false, "元旦" },
                    { new DateOnly(2026, 1, 3), false, "元旦" },
                    { new DateOnly(2026, 1, 4), true, "元旦调休上班" },
                    { new DateOnly(2026, 2, 14), true, "春节调休上班" },
                    { new DateOnly(2026, 2, 15), false, "春节" },
                    { new DateOnly(2026, 2, 16), false, "春节" },
                    { new DateOnly(2026, 2, 17), false, "春节" },
                    { new DateOnly(2026, 2, 18), false, "春节" },
                    { new DateOnly(2026, 2, 19), false, "春节" },
                    { new DateOnly(2026, 2, 20), false, "春节" },
                    { new DateOnly(2026, 2, 21), false, "春节" },
                    { new DateOnly(2026, 2, 22), false, "春节" },
                    { new DateOnly(2026, 2, 23), false, "春节" },
                    { new DateOnly(2026, 2, 28), true, "春节调休上班" },
                    { new DateOnly(2026, 4, 4), false, "清明节" },
                    { new DateOnly(2026, 4, 5), false, "清明节" },
                    { new DateOnly(2026, 4, 6), false, "清明节" },
                    { new DateOnly(2026, 5, 1), false, "劳动节" },
                    { new DateOnly(2026, 5, 2), false, "劳动节" },
                    { new DateOnly(2026, 5, 3), false, "劳动节" },
                    { new DateOnly(2026, 5, 4), false, "劳动节" },
                    { new DateOnly(2026, 5, 5), false, "劳动节" },
                    { new DateOnly(2026, 5, 9), true, "劳动节调休上班" },
                    { new DateOnly(2026, 6, 19), false, "端午节" },
                    { new DateOnly(2026, 6, 20), false, "端午节" },
                    { new DateOnly(2026, 6, 21), false, "端午节" },
                    { new DateOnly(2026, 9, 20), true, "国庆节调休上班" },
                    { new DateOnly(2026, 9, 25), false, "中秋节" },
                    { new DateOnly(2026, 9, 26), false, "中秋节" },
                    { new DateOnly(2026, 9, 27), false, "中秋节" },
                    { new DateOnly(2026, 10, 1), false, "国庆节" },
                    { new DateOnly(2026, 10, 2), false, "国庆节" },
                    { new DateOnly(2026, 10, 3), false, "国庆节" },
                    { new DateOnly(2026, 10, 4), false, "国庆节" },
                    { new DateOnly(2026, 10, 5), false, "国庆节" },
                    { new DateOnly(2026, 10, 6), false, "国庆节" },
                    { new DateOnly(2026, 10, 7), false, "国庆节" },
                    { new DateOnly(2026, 10, 10), true, "国庆节调休上班" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Suspensions_JurisdictionId_From",
                table: "Suspensions",
                columns: new[] { "JurisdictionId", "From" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "CalendarDays");

            migrationBuilder.DropTable(
                name: "Suspensions");
        }
    }
}
