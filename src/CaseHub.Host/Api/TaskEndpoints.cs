using System.Security.Claims;
using CaseHub.Core.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseHub.Host.Api;

/// <summary><c>/api/tasks</c>: the caller's open tasks and their completion, through the case facade.</summary>
public static class TaskEndpoints
{
    public static void MapTaskEndpoints(this IEndpointRouteBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks").RequireAuthorization();
        tasks.MapGet("", List).WithName("ListTasks").WithSummary("待办任务 / The open tasks the caller may complete");
        tasks.MapPost("/{id}/complete", Complete).WithName("CompleteTask").WithSummary("办理任务 / Complete a task with one of its outcomes");
    }

    /// <summary>
    /// With <c>page</c> or <c>pageSize</c>: one page and the total. Without: the plain list of the contract, at most
    /// <see cref="CaseService.MaxTaskPageSize"/> tasks; when there are more, <c>X-Total-Count</c> and a <c>Link</c> to page 2 say so.
    /// </summary>
    private static async Task<IResult> List(int? page, int? pageSize, ClaimsPrincipal user, CaseService cases, HttpContext http, CancellationToken ct)
    {
        var result = await cases.ListTasksAsync(user.Actor(), page, pageSize, ct);
        if (!result.Succeeded || page is not null || pageSize is not null) return result.ToHttp().Result;
        http.Response.Headers["X-Total-Count"] = result.Value!.Total.ToString();
        if (result.Value.Total > result.Value.Items.Count)
            http.Response.Headers.Link = $"</api/tasks?page=2&pageSize={CaseService.MaxTaskPageSize}>; rel=\"next\"";
        return TypedResults.Ok(result.Value.Items);
    }

    private static async Task<Results<Ok<TaskCompleted>, Created<TaskCompleted>, ValidationProblem, ProblemHttpResult>> Complete(string id,
        CompleteTask body, ClaimsPrincipal user, CaseService cases, CancellationToken ct) =>
        (await cases.CompleteTaskAsync(user.Actor(), id, body, ct)).ToHttp();
}
