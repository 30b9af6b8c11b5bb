using CaseHub.Core.Tickets;

namespace CaseHub.Core.Cases;

/// <summary>What a case operation did.</summary>
public enum CaseOutcome { Done, Created, Replayed, Invalid, NotFound, Forbidden, Conflict, KeyReused }

/// <summary>Why an operation did not do what was asked: a bilingual title, a detail, and where it fits, the errors by field or the ticket's moves.</summary>
public sealed record CaseProblem(string Title, string Detail)
{
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
    public string? CurrentStatus { get; init; }
    public IReadOnlyList<string>? AllowedMoves { get; init; }
}

/// <summary>The answer of a case operation: its outcome, and the value (done, created, replayed) or the problem.</summary>
public sealed record CaseResult<T>(CaseOutcome Outcome, T? Value, CaseProblem? Problem)
{
    public bool Succeeded => Outcome is CaseOutcome.Done or CaseOutcome.Created or CaseOutcome.Replayed;

    public static implicit operator CaseResult<T>(CaseFailure failure) => new(failure.Outcome, default, failure.Problem);
}

/// <summary>A refusal, before it is given the type of the result it ends.</summary>
public sealed record CaseFailure(CaseOutcome Outcome, CaseProblem Problem);

public static class CaseResults
{
    public static CaseResult<T> Done<T>(T value) => new(CaseOutcome.Done, value, null);
    public static CaseResult<T> Created<T>(T value) => new(CaseOutcome.Created, value, null);
    public static CaseResult<T> Replayed<T>(T value) => new(CaseOutcome.Replayed, value, null);

    public static CaseFailure NotFound(string what, string id) =>
        new(CaseOutcome.NotFound, new("未找到 / Not found", $"No {what} with id '{id}'."));

    public static CaseFailure Forbidden(string detail) => new(CaseOutcome.Forbidden, new("无权操作 / Forbidden", detail));

    public static CaseFailure Invalid(string title, IReadOnlyDictionary<string, string[]> errors) =>
        new(CaseOutcome.Invalid, new(title, "One or more fields are invalid.") { Errors = errors });

    public static CaseFailure Invalid(string field, string message) =>
        Invalid("请求无效 / Invalid request", new Dictionary<string, string[]> { [field] = [message] });

    public static CaseFailure Conflict(string title, string detail) => new(CaseOutcome.Conflict, new(title, detail));

    /// <summary>A move the state machine refuses: names the status the ticket is in and where it may go.</summary>
    public static CaseFailure Conflict(InvalidTicketTransitionException refused) => new(CaseOutcome.Conflict,
        new("工单状态不允许此操作 / Ticket status does not allow this", refused.Message)
        {
            CurrentStatus = refused.From.ToString(), AllowedMoves = [.. refused.Allowed.Select(s => s.ToString())],
        });
}
