using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Core.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Visits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Pairings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    JurisdictionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VisitsPerMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pairings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Pairings_Jurisdictions_JurisdictionId",
                        column: x => x.JurisdictionId,
                        principalTable: "Jurisdictions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Pairings_Providers_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Providers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PairingAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PairingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    JurisdictionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Target = table.Column<int>(type: "INTEGER", nullable: false),
                    Done = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PairingAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PairingAlerts_Pairings_PairingId",
                        column: x => x.PairingId,
                        principalTable: "Pairings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitPlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    JurisdictionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Cron = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    PairingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Paused = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastOccurrenceAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitPlans_Jurisdictions_JurisdictionId",
                        column: x => x.JurisdictionId,
                        principalTable: "Jurisdictions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitPlans_Pairings_PairingId",
                        column: x => x.PairingId,
                        principalTable: "Pairings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitPlans_Providers_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Providers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Visits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OccurrenceAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ScheduledFor = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RescheduledToId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResidentsServed = table.Column<int>(type: "INTEGER", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Visits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Visits_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Visits_VisitPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "VisitPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Visits_Visits_RescheduledToId",
                        column: x => x.RescheduledToId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PairingAlerts_JurisdictionId",
                table: "PairingAlerts",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_PairingAlerts_PairingId_Month",
                table: "PairingAlerts",
                columns: new[] { "PairingId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Pairings_JurisdictionId",
                table: "Pairings",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_Pairings_ProviderId_JurisdictionId",
                table: "Pairings",
                columns: new[] { "ProviderId", "JurisdictionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VisitPlans_JurisdictionId",
                table: "VisitPlans",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitPlans_PairingId",
                table: "VisitPlans",
                column: "PairingId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitPlans_ProviderId",
                table: "VisitPlans",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_PlanId_OccurrenceAt",
                table: "Visits",
                columns: new[] { "PlanId", "OccurrenceAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Visits_RescheduledToId",
                table: "Visits",
                column: "RescheduledToId");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_Status_ScheduledFor",
                table: "Visits",
                columns: new[] { "Status", "ScheduledFor" });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_TicketId",
                table: "Visits",
                column: "TicketId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PairingAlerts");

            migrationBuilder.DropTable(
                name: "Visits");

            migrationBuilder.DropTable(
                name: "VisitPlans");

            migrationBuilder.DropTable(
                name: "Pairings");
        }
    }
}
