using CaseHub.Core.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

/// <summary>Turns what the case facade did into the HTTP answer: one mapping for every case endpoint.</summary>
public static class CaseHttp
{
    public static Results<Ok<T>, Created<T>, ValidationProblem, ProblemHttpResult> ToHttp<T>(this CaseResult<T> result, Func<T, string>? location = null) =>
        result.Outcome switch
        {
            CaseOutcome.Done or CaseOutcome.Replayed => TypedResults.Ok(result.Value),
            CaseOutcome.Created => TypedResults.Created(location?.Invoke(result.Value!), result.Value),
            CaseOutcome.Invalid => TypedResults.ValidationProblem(result.Problem!.Errors!.ToDictionary(), detail: result.Problem.Detail, title: result.Problem.Title),
            _ => Problem(result.Problem!, result.Outcome switch
            {
                CaseOutcome.NotFound => 404, CaseOutcome.Forbidden => 403, CaseOutcome.KeyReused => 422, _ => 409,
            }),
        };

    private static ProblemHttpResult Problem(CaseProblem problem, int status)
    {
        var extensions = new Dictionary<string, object?>();
        if (problem.CurrentStatus is not null) extensions["currentStatus"] = problem.CurrentStatus;
        if (problem.AllowedMoves is not null) extensions["allowedMoves"] = problem.AllowedMoves;
        return TypedResults.Problem(statusCode: status, title: problem.Title, detail: problem.Detail, extensions: extensions);
    }
}
