using CaseHub.Core.Identity;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Cases;

public sealed partial class CaseService
{
    /// <summary>
    /// The resident's rating of the last delivery, given by a channel on their behalf or by the staff of the
    /// ticket's station. A rating of 1 or 2 reopens the ticket like an unsatisfied return visit: the workflow
    /// still running for it is cancelled and the configured reopen workflow (<c>CaseHub:Cases:ReopenWorkflow</c>)
    /// puts it on the county officer's desk — all in one transaction.
    /// </summary>
    public async Task<CaseResult<FeedbackCreated>> RateAsync(Actor actor, Guid ticketId, int? rating, string? comment, CancellationToken ct = default)
    {
        if (await visibility.AreaAsync(actor, ct) is not { } area) return CaseResults.NotFound("ticket", ticketId.ToString());
        var ticket = await visibility.Tickets(actor, area).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null) return CaseResults.NotFound("ticket", ticketId.ToString());
        if (!actor.Is(Roles.Channel) && !actor.Is(Roles.StationStaff))
            return CaseResults.Forbidden("评价由渠道代居民提交或驿站工作人员登记 / Feedback comes from a channel or the ticket's station staff.");
        if (rating is not (>= 1 and <= 5)) return CaseResults.Invalid("rating", "须为 1–5 的整数 / must be a whole number from 1 to 5");
        if (comment is { Length: > UserTaskActivity.MaxComment })
            return CaseResults.Invalid("comment", $"最多 {UserTaskActivity.MaxComment} 字 / at most {UserTaskActivity.MaxComment} characters");
        if (ticket.Status is not (TicketStatus.Delivered or TicketStatus.Closed))
            return CaseResults.Conflict("尚未完成服务 / Not delivered yet", $"Feedback is taken once the service is delivered; the ticket is {ticket.Status}.");
        var deliveredAt = ticket.DeliveredAt;
        if (await db.Set<TicketFeedback>().AnyAsync(f => f.TicketId == ticketId && f.At >= deliveredAt, ct))
            return CaseResults.Conflict("已评价 / Feedback already given", "This delivery has been rated already.");

        var feedback = new TicketFeedback
        {
            TicketId = ticketId, Rating = rating.Value, Comment = comment, ProviderId = ticket.ProviderId, GivenBy = actor.Name, At = time.GetUtcNow(),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the ticket as it was read: a rating (or any other change) that got in since then makes this one a
        // conflict, rather than a second rating of the same delivery and a second reopen workflow beside the first.
        var seen = ticket.UpdatedAt;
        if (await db.Set<Ticket>().Where(t => t.Id == ticketId && t.UpdatedAt == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedAt, feedback.At), ct) == 0)
            return CaseResults.Conflict("工单已变更 / Ticket changed meanwhile",
                "The ticket changed while this rating was being recorded (another rating, or the return visit); read it again.");
        ticket.UpdatedAt = feedback.At;
        db.Set<TicketFeedback>().Add(feedback);
        timeline.Record(ticket, "feedback", actor.Name, new { rating = feedback.Rating, comment = feedback.Comment });
        audit.Record(actor.Name, "ticket.feedback", nameof(Ticket), ticketId.ToString(), ticket.JurisdictionId, new { feedback.Rating });
        if (feedback.Reopens)
        {
            timeline.Move(ticket, TicketStatus.Reopened, actor.Name, new { source = "feedback", rating = feedback.Rating });
            await db.SaveChangesAsync(ct);
            await ReopenAsync(ticket, ct);
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return CaseResults.Created(new FeedbackCreated(feedback.Id, ticketId, feedback.Rating, ticket.Status.ToString()));
    }

    /// <summary>Replaces the ticket's running workflow with the reopen workflow; the county officer reassigns, so no provider is preferred.</summary>
    private async Task ReopenAsync(Ticket ticket, CancellationToken ct)
    {
        if (await workflows.FindAsync(ticket.WorkflowInstanceId ?? "", ct) is { Status: WorkflowStatus.Running or WorkflowStatus.Suspended } running)
            await workflows.CancelAsync(running.Id, ct);
        ticket.WorkflowInstanceId = Guid.NewGuid().ToString("N");
        var serviceName = await db.ServiceItems.Where(i => i.Id == ticket.ServiceItemId).Select(i => i.Name).FirstOrDefaultAsync(ct);
        await workflows.StartAsync(options.Cases.ReopenWorkflow, null, TicketIntake.WorkflowInput(ticket, serviceName, providerId: null),
            ticket.Number, ct, ticket.WorkflowInstanceId);
    }
}
