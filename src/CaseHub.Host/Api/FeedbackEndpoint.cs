using System.Security.Claims;
using CaseHub.Core.Audit;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Api;

/// <summary>
/// <c>POST /api/tickets/{id}/feedback</c>: the resident's rating, given by a channel on their behalf or by
/// the staff of the ticket's station. A rating of 1 or 2 reopens the ticket like an unsatisfied return
/// visit: the workflow still running for it (e.g. waiting for the return visit) is cancelled and the
/// <c>casehub.reopen</c> workflow puts it on the county officer's desk — all in one transaction.
/// </summary>
public static class FeedbackEndpoint
{
    public const string ReopenWorkflow = "casehub.reopen";
    public sealed record FeedbackRequest(int? Rating, string? Comment);
    public sealed record FeedbackCreated(Guid Id, Guid TicketId, int Rating, string TicketStatus);

    public static void MapFeedbackEndpoint(this RouteGroupBuilder tickets) => tickets.MapPost("/{id:guid}/feedback", Give).WithName("GiveFeedback").WithSummary("服务评价 / Rate a delivered service");

    private static async Task<Results<Created<FeedbackCreated>, ValidationProblem, ProblemHttpResult>> Give(Guid id, FeedbackRequest body,
        ClaimsPrincipal user, CaseHubDbContext db, WorkflowRuntime workflows, TicketTimeline timeline, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var ticket = await db.Set<Ticket>().FindAsync([id], ct);
        var place = ticket is null ? null : await db.Jurisdictions.FindAsync([ticket.JurisdictionId], ct);
        if (ticket is null || place is null || !await MayRateAsync(user, place, db, ct)) return ApiErrors.NotFound("ticket", id.ToString());
        if (!user.IsInRole(Roles.Channel) && !user.IsInRole(Roles.StationStaff))
            return ApiErrors.Forbidden("评价由渠道代居民提交或驿站工作人员登记 / Feedback comes from a channel or the ticket's station staff.");
        if (body.Rating is not (>= 1 and <= 5)) return ApiErrors.Invalid("rating", "须为 1–5 的整数 / must be a whole number from 1 to 5");
        if (body.Comment is { Length: > TaskValidation.MaxComment })
            return ApiErrors.Invalid("comment", $"最多 {TaskValidation.MaxComment} 字 / at most {TaskValidation.MaxComment} characters");
        if (ticket.Status is not (TicketStatus.Delivered or TicketStatus.Closed))
            return TypedResults.Problem(statusCode: 409, title: "尚未完成服务 / Not delivered yet",
                detail: $"Feedback is taken once the service is delivered; the ticket is {ticket.Status}.");
        var deliveredAt = await db.Set<TicketEvent>().Where(e => e.TicketId == id && e.Type == TicketEvent.StatusChanged && e.Data!.Contains("\"to\":\"Delivered\""))
            .MaxAsync(e => (DateTimeOffset?)e.At, ct);
        if (await db.Set<TicketFeedback>().AnyAsync(f => f.TicketId == id && f.At >= deliveredAt, ct))
            return TypedResults.Problem(statusCode: 409, title: "已评价 / Feedback already given", detail: "This delivery has been rated already.");

        var feedback = new TicketFeedback
        {
            TicketId = id, Rating = body.Rating.Value, Comment = body.Comment, ProviderId = ticket.ProviderId, GivenBy = user.Name(), At = time.GetUtcNow(),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the ticket as it was read: a rating (or any other change) that got in since then makes this one a
        // conflict, rather than a second rating of the same delivery and a second reopen workflow beside the first.
        var seen = ticket.UpdatedAt;
        if (await db.Set<Ticket>().Where(t => t.Id == id && t.UpdatedAt == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedAt, feedback.At), ct) == 0)
            return TypedResults.Problem(statusCode: 409, title: "工单已变更 / Ticket changed meanwhile",
                detail: "The ticket changed while this rating was being recorded (another rating, or the return visit); read it again.");
        ticket.UpdatedAt = feedback.At;
        db.Set<TicketFeedback>().Add(feedback);
        timeline.Record(ticket, "feedback", user.Name(), new { rating = feedback.Rating, comment = feedback.Comment });
        audit.Record(user.Name(), "ticket.feedback", nameof(Ticket), id.ToString(), ticket.JurisdictionId, new { feedback.Rating });
        if (feedback.Reopens)
        {
            timeline.Move(ticket, TicketStatus.Reopened, user.Name(), new { source = "feedback", rating = feedback.Rating });
            await db.SaveChangesAsync(ct);
            if (await workflows.FindAsync(ticket.WorkflowInstanceId ?? "", ct) is { Status: WorkflowStatus.Running or WorkflowStatus.Suspended } running)
                await workflows.CancelAsync(running.Id, ct);
            ticket.WorkflowInstanceId = Guid.NewGuid().ToString("N");
            var serviceName = await db.ServiceItems.Where(i => i.Id == ticket.ServiceItemId).Select(i => i.Name).FirstOrDefaultAsync(ct);
            // The reopened ticket is reassigned by the county officer, so no provider is preferred.
            await workflows.StartAsync(ReopenWorkflow, null, TicketIntake.WorkflowInput(ticket, serviceName, providerId: null),
                ticket.Number, ct, ticket.WorkflowInstanceId);
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/tickets/{id}", new FeedbackCreated(feedback.Id, id, feedback.Rating, ticket.Status.ToString()));
    }

    /// <summary>Channels rate tickets in their subtree; station staff those of their station's island.</summary>
    private static async Task<bool> MayRateAsync(ClaimsPrincipal user, Jurisdiction place, CaseHubDbContext db, CancellationToken ct)
    {
        if (user.CanSee(place)) return true;
        if (!user.IsInRole(Roles.StationStaff)) return false;
        var home = await db.Jurisdictions.FindAsync([user.HomeJurisdictionId()], ct);
        return home is { Kind: JurisdictionKind.Station } && home.ParentId == place.Id;
    }
}
