using CaseHub.Core.Tickets;

namespace CaseHub.Core.Tests.Tickets;

public sealed class TicketStateMachineFacts
{
    // The table from the specification, written out again so that a change to the machine has to change this too.
    public static TheoryData<TicketStatus, TicketStatus> AllowedMoves => new()
    {
        { TicketStatus.Submitted, TicketStatus.PendingApproval },
        { TicketStatus.Submitted, TicketStatus.Dispatched },
        { TicketStatus.Submitted, TicketStatus.Cancelled },
        { TicketStatus.PendingApproval, TicketStatus.Dispatched },
        { TicketStatus.PendingApproval, TicketStatus.Rejected },
        { TicketStatus.PendingApproval, TicketStatus.Cancelled },
        { TicketStatus.Dispatched, TicketStatus.Accepted },
        { TicketStatus.Dispatched, TicketStatus.Dispatched },
        { TicketStatus.Dispatched, TicketStatus.Cancelled },
        { TicketStatus.Accepted, TicketStatus.InService },
        { TicketStatus.Accepted, TicketStatus.Delivered },
        { TicketStatus.Accepted, TicketStatus.Cancelled },
        { TicketStatus.InService, TicketStatus.Delivered },
        { TicketStatus.Delivered, TicketStatus.Closed },
        { TicketStatus.Delivered, TicketStatus.Reopened },
        { TicketStatus.Closed, TicketStatus.Reopened },
        { TicketStatus.Reopened, TicketStatus.Dispatched },
        { TicketStatus.Reopened, TicketStatus.InService },
        { TicketStatus.Reopened, TicketStatus.Closed },
    };

    [Theory, MemberData(nameof(AllowedMoves))]
    public void AnAllowedMoveReturnsTheTarget(TicketStatus from, TicketStatus to)
    {
        Assert.Equal(to, TicketStateMachine.Transition(from, to));
        Assert.Contains(to, TicketStateMachine.Allowed(from));
    }

    [Fact]
    public void TheTableHoldsExactlyTheSpecifiedMoves()
    {
        var specified = AllowedMoves.Select(row => ((TicketStatus)row[0], (TicketStatus)row[1])).ToHashSet();
        var actual = Enum.GetValues<TicketStatus>().SelectMany(from => TicketStateMachine.Allowed(from).Select(to => (from, to))).ToHashSet();
        Assert.Equal(specified.OrderBy(m => m.ToString()), actual.OrderBy(m => m.ToString()));
    }

    public static TheoryData<TicketStatus, TicketStatus> RefusedMoves => new()
    {
        { TicketStatus.Submitted, TicketStatus.Delivered },
        { TicketStatus.Submitted, TicketStatus.Submitted },
        { TicketStatus.PendingApproval, TicketStatus.Accepted },
        { TicketStatus.Dispatched, TicketStatus.Delivered },
        { TicketStatus.InService, TicketStatus.Cancelled },
        { TicketStatus.Delivered, TicketStatus.Submitted },
        { TicketStatus.Closed, TicketStatus.Dispatched },
        { TicketStatus.Reopened, TicketStatus.Cancelled },
        { TicketStatus.Rejected, TicketStatus.Reopened },
        { TicketStatus.Cancelled, TicketStatus.Submitted },
    };

    [Theory, MemberData(nameof(RefusedMoves))]
    public void AMoveOutsideTheTableIsRefused(TicketStatus from, TicketStatus to)
    {
        var refused = Assert.Throws<InvalidTicketTransitionException>(() => TicketStateMachine.Transition(from, to));
        Assert.Equal(from, refused.From);
        Assert.Equal(to, refused.To);
        Assert.Contains(from.ToString(), refused.Message);
        Assert.Contains(to.ToString(), refused.Message);
        Assert.False(TicketStateMachine.CanMove(from, to));
    }

    [Fact]
    public void TheRefusalNamesTheAllowedTargetsInChineseAndEnglish()
    {
        var refused = Assert.Throws<InvalidTicketTransitionException>(() => TicketStateMachine.Transition(TicketStatus.Delivered, TicketStatus.Submitted));
        Assert.Equal([TicketStatus.Closed, TicketStatus.Reopened], refused.Allowed);
        Assert.Contains("允许：Closed、Reopened", refused.Message);
        Assert.Contains("allowed: Closed, Reopened", refused.Message);
    }

    [Theory]
    [InlineData(TicketStatus.Rejected)]
    [InlineData(TicketStatus.Cancelled)]
    public void RejectedAndCancelledAreFinal(TicketStatus final)
    {
        Assert.Empty(TicketStateMachine.Allowed(final));
        var refused = Assert.Throws<InvalidTicketTransitionException>(() => TicketStateMachine.Transition(final, TicketStatus.Reopened));
        Assert.Contains("final", refused.Message);
    }

    [Fact]
    public void NumbersReadLikeZSDateAndSixDigits()
    {
        Assert.Equal("ZS-20261122-000123", TicketNumbers.Format(new DateOnly(2026, 11, 22), 123));
    }

    private static Ticket NewTicket() => new()
    {
        Number = "ZS-20261203-000001", ServiceCode = "health.telemedicine", ServiceItemId = "health.telemedicine", ItemVersion = 1,
        JurisdictionId = "baisha", Channel = "hotline", ResidentId = Guid.NewGuid(), PlacedBy = "hotline", Form = "{}",
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void ATicketMovesOnlyThroughTheTable_AndARefusalNamesWhereItIsAndWhereItMayGo()
    {
        var ticket = NewTicket();
        var refused = Assert.Throws<InvalidTicketTransitionException>(() => ticket.MoveTo(TicketStatus.Closed, DateTimeOffset.UnixEpoch.AddHours(1)));
        Assert.Equal(TicketStatus.Submitted, refused.From);
        Assert.Equal([TicketStatus.PendingApproval, TicketStatus.Dispatched, TicketStatus.Cancelled], refused.Allowed);
        Assert.Equal(TicketStatus.Submitted, ticket.Status);
        Assert.Equal(DateTimeOffset.UnixEpoch, ticket.UpdatedAt);
    }

    [Fact]
    public void MovingToDelivered_RecordsWhenTheDeliveryThatFeedbackRatesWasMade()
    {
        var ticket = NewTicket();
        var at = DateTimeOffset.UnixEpoch.AddHours(3);
        foreach (var to in new[] { TicketStatus.Dispatched, TicketStatus.Accepted }) ticket.MoveTo(to, DateTimeOffset.UnixEpoch.AddHours(1));
        Assert.Null(ticket.DeliveredAt);
        ticket.MoveTo(TicketStatus.Delivered, at);
        Assert.Equal(at, ticket.DeliveredAt);
        Assert.Equal(at, ticket.UpdatedAt);
    }

    [Fact]
    public void WaitingForTheCountysAssignment_AReopenedTicketStaysReopened_OthersShowDispatched()
    {
        Assert.Equal(TicketStatus.Reopened, TicketStateMachine.AwaitingAssignment(TicketStatus.Reopened));
        Assert.Equal(TicketStatus.Dispatched, TicketStateMachine.AwaitingAssignment(TicketStatus.Submitted));
        Assert.Equal(TicketStatus.Dispatched, TicketStateMachine.AwaitingAssignment(TicketStatus.PendingApproval));
        Assert.Equal(TicketStatus.Delivered, TicketStateMachine.AwaitingAssignment(TicketStatus.Delivered));
    }
}
