using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Host.Infrastructure;

public static class ProblemExtensions
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Every error becomes RFC 9457 problem details; malformed bodies name the field that broke.</summary>
    public static void AddCaseHubProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<RefusedTransitionHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        // Let minimal APIs throw on unreadable bodies so the handler below can explain what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
    }

    /// <summary>Refuses bodies over 1 MiB up front, with a problem body (Kestrel also enforces it while reading).</summary>
    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxRequestBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "请求体过大 / Request body too large", Detail = $"The body may be at most {MaxRequestBodyBytes} bytes." },
            });
            return;
        }
        await next(context);
    });
}

/// <summary>Turns a bad request (unreadable JSON, body too large while reading) into a 4xx problem, never a 500.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;

        var problem = new ProblemDetails { Status = bad.StatusCode, Title = "请求无效 / Bad request", Detail = bad.Message };
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            problem.Title = "请求体过大 / Request body too large";
        if (bad.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [json.Message] })
            {
                Status = bad.StatusCode,
                Title = "请求体不是有效的 JSON / The body is not valid JSON",
                Detail = bad.Message,
            };
        }
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}

/// <summary>
/// A ticket status move the transition table refuses, wherever it is attempted outside a workflow step (a step
/// turns it into an incident): 409 naming the status the ticket is in and the moves it allows.
/// </summary>
internal sealed class RefusedTransitionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not CaseHub.Core.Tickets.InvalidTicketTransitionException refused) return false;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict, Title = "工单状态不允许此操作 / Ticket status does not allow this", Detail = refused.Message,
            Extensions = { ["currentStatus"] = refused.From.ToString(), ["allowedMoves"] = refused.Allowed.Select(s => s.ToString()).ToArray() },
        };
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}

/// <summary>
/// The database is down or restarting (a failover, <c>pg_ctl restart</c>): 503 with <c>Retry-After</c>, so a channel
/// retries with its idempotency key, instead of a 500 that reads as a defect. Nothing was acknowledged, so nothing is lost.
/// </summary>
internal sealed class DatabaseUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!IsUnavailable(exception)) return false;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context, Exception = exception,
            ProblemDetails = { Status = 503, Title = "数据库暂时不可用，请稍后重试 / The database is briefly unavailable; retry shortly", Detail = $"Retry after {RetryAfterSeconds} s with the same Idempotency-Key." },
        });
    }

    /// <summary>
    /// Anywhere in the chain: a driver error it marks transient (a broken or refused connection, a pool time-out), or a
    /// server saying it is shutting down or not yet accepting connections (SQLSTATE classes 08, 57P, 53).
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException db
                && (db.IsTransient || db.SqlState is { } state && (state.StartsWith("08") || state.StartsWith("57P") || state.StartsWith("53"))))
                return true;
        return false;
    }
}
