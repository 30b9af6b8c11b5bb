using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Core.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LocalServiceItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_ServiceItems",
                table: "ServiceItems");

            migrationBuilder.AddColumn<string>(
                name: "Id",
                table: "ServiceItems",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "ServiceItems",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderId",
                table: "ServiceItems",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "ServiceItems",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Existing items keep their code as their id (the seeder's rule for base items), so the new key is unique.
            migrationBuilder.Sql("UPDATE \"ServiceItems\" SET \"Id\" = \"Code\", \"Version\" = 1;");

            migrationBuilder.AddPrimaryKey(
                name: "PK_ServiceItems",
                table: "ServiceItems",
                column: "Id");

            migrationBuilder.CreateTable(
                name: "ItemOverride",
                columns: table => new
                {
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    JurisdictionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: true),
                    SlaHours = table.Column<int>(type: "INTEGER", nullable: true),
                    WorkflowDefinitionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ProviderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ItemOverride", x => new { x.ItemId, x.JurisdictionId });
                    table.ForeignKey(
                        name: "FK_ItemOverride_Jurisdictions_JurisdictionId",
                        column: x => x.JurisdictionId,
                        principalTable: "Jurisdictions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ItemOverride_ServiceItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ServiceItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceItems_Code_ScopeJurisdictionId",
                table: "ServiceItems",
                columns: new[] { "Code", "ScopeJurisdictionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ItemOverride_JurisdictionId",
                table: "ItemOverride",
                column: "JurisdictionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ItemOverride");

            migrationBuilder.DropPrimaryKey(
                name: "PK_ServiceItems",
                table: "ServiceItems");

            migrationBuilder.DropIndex(
                name: "IX_ServiceItems_Code_ScopeJurisdictionId",
                table: "ServiceItems");

            migrationBuilder.DropColumn(
                name: "Id",
                table: "ServiceItems");

            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "ServiceItems");

            migrationBuilder.DropColumn(
                name: "ProviderId",
                table: "ServiceItems");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "ServiceItems");

            migrationBuilder.AddPrimaryKey(
                name: "PK_ServiceItems",
                table: "ServiceItems",
                column: "Code");
        }
    }
}
