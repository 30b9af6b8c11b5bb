using CaseHub.Core.Jurisdictions;
using CaseHub.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

/// <summary>The handful of problem answers the API gives, with bilingual titles.</summary>
public static class ApiErrors
{
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: 404, title: "未找到 / Not found", detail: $"No {what} with id '{id}'.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: 403, title: ProblemTitles.Forbidden, detail: detail);

    /// <summary>The caller is signed in but <paramref name="place"/> is not in their subtree.</summary>
    public static ProblemHttpResult OutsideJurisdiction(Jurisdiction place) =>
        Forbidden($"{place.Name} 不在您的辖区内 / {place.Name} is outside your jurisdiction.");

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "请求无效 / Invalid request");
}
