using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseHub.Host.Tests.Infrastructure;

/// <summary>Fails the first database command that mentions <see cref="Table"/> once armed: a crash in the middle of a commit.</summary>
public sealed class FailingCommandInterceptor : DbCommandInterceptor
{
    public string Table { get; set; } = "WorkflowOutbox";
    public bool Armed { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    {
        Fail(command);
        return base.ReaderExecutingAsync(command, eventData, result, ct);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Fail(command);
        return base.NonQueryExecutingAsync(command, eventData, result, ct);
    }

    private void Fail(DbCommand command)
    {
        if (Armed && command.CommandText.Contains(Table, StringComparison.Ordinal) && command.CommandText.Contains("INSERT", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Injected failure while writing {Table}.");
    }
}
