using System.Security.Claims;
using CaseHub.Core.Visits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

/// <summary><c>/api/visit-plans</c>, <c>/api/visits</c> and <c>/api/pairings</c>: thin handlers over <see cref="VisitService"/>.</summary>
public static class VisitEndpoints
{
    public static void MapVisitEndpoints(this IEndpointRouteBuilder api)
    {
        var plans = api.MapGroup("/visit-plans").WithTags("Visits");
        plans.MapPost("", CreatePlan).WithName("CreateVisitPlan").WithSummary("制定上岛走访计划 / Create a recurring visit plan");
        plans.MapGet("", ListPlans).WithName("ListVisitPlans").WithSummary("走访计划 / The visit plans the caller may see");
        plans.MapGet("/{id:guid}", ReadPlan).WithName("ReadVisitPlan").WithSummary("一个走访计划（含中文说明和接下来五次）/ One plan, its cron in Chinese and next five dates");
        plans.MapPut("/{id:guid}", UpdatePlan).WithName("UpdateVisitPlan").WithSummary("修改或暂停走访计划 / Edit or pause a plan");
        plans.MapGet("/{id:guid}/visits", PlanVisits).WithName("ListPlanVisits").WithSummary("计划的各次走访 / A plan's visits");

        var visits = api.MapGroup("/visits").WithTags("Visits");
        visits.MapGet("", MonthVisits).WithName("ListVisitsOfMonth").WithSummary("某月的走访（日历）/ The visits of a month (calendar)");
        visits.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelVisit").WithSummary("取消并改期 / Cancel a visit and move it");

        var pairings = api.MapGroup("/pairings").WithTags("Visits");
        pairings.MapGet("", ListPairings).WithName("ListPairings").WithSummary("部门与海岛结对 / Department–island pairings");
        pairings.MapPost("", CreatePairing).WithName("CreatePairing").WithSummary("设立结对 / Pair a department with an island");
        pairings.MapGet("/coverage", Coverage).WithName("PairingCoverage").WithSummary("结对完成情况（按月）/ Visits done against target, per month");
        pairings.MapGet("/alerts", Alerts).WithName("PairingAlerts").WithSummary("结对未达标提醒 / Months a pairing fell short");
    }

    private static async Task<Results<Ok<PlanCreated>, Created<PlanCreated>, ValidationProblem, ProblemHttpResult>> CreatePlan(
        PlanRequest body, ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.CreatePlanAsync(user.Actor(), body, ct)).ToHttp(p => $"/api/visit-plans/{p.Id}");

    private static async Task<Results<Ok<List<PlanView>>, Created<List<PlanView>>, ValidationProblem, ProblemHttpResult>> ListPlans(
        ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.ListPlansAsync(user.Actor(), ct)).ToHttp();

    private static async Task<Results<Ok<PlanView>, Created<PlanView>, ValidationProblem, ProblemHttpResult>> ReadPlan(
        Guid id, ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.ReadPlanAsync(user.Actor(), id, ct)).ToHttp();

    private static async Task<Results<Ok<PlanView>, Created<PlanView>, ValidationProblem, ProblemHttpResult>> UpdatePlan(
        Guid id, PlanRequest body, ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.UpdatePlanAsync(user.Actor(), id, body, ct)).ToHttp();

    private static async Task<Results<Ok<List<VisitView>>, Created<List<VisitView>>, ValidationProblem, ProblemHttpResult>> PlanVisits(
        Guid id, ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.ListVisitsAsync(user.Actor(), id, ct)).ToHttp();

    private static async Task<Results<Ok<List<VisitView>>, Created<List<VisitView>>, ValidationProblem, ProblemHttpResult>> MonthVisits(
        string? month, ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.VisitsInMonthAsync(user.Actor(), month, ct)).ToHttp();

    private static async Task<Results<Ok<VisitCancelled>, Created<VisitCancelled>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid id, CancelVisit body, ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.CancelVisitAsync(user.Actor(), id, body, ct)).ToHttp();

    private static async Task<Results<Ok<List<PairingView>>, Created<List<PairingView>>, ValidationProblem, ProblemHttpResult>> ListPairings(
        ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.ListPairingsAsync(user.Actor(), ct)).ToHttp();

    private static async Task<Results<Ok<PairingView>, Created<PairingView>, ValidationProblem, ProblemHttpResult>> CreatePairing(
        PairingRequest body, ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.CreatePairingAsync(user.Actor(), body, ct)).ToHttp(p => $"/api/pairings/{p.Id}");

    private static async Task<Results<Ok<List<CoverageRow>>, Created<List<CoverageRow>>, ValidationProblem, ProblemHttpResult>> Coverage(
        string? month, ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.CoverageAsync(user.Actor(), month, ct)).ToHttp();

    private static async Task<Results<Ok<List<PairingAlertView>>, Created<List<PairingAlertView>>, ValidationProblem, ProblemHttpResult>> Alerts(
        ClaimsPrincipal user, VisitService visits, CancellationToken ct) =>
        (await visits.ListAlertsAsync(user.Actor(), ct)).ToHttp();
}
