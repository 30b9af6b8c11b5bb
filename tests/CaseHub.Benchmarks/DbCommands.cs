using System.Data.Common;

namespace CaseHub.Benchmarks;

/// <summary>Raw ADO.NET bits the baselines and the reports share.</summary>
internal static class DbCommands
{
    public static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>The durability settings a figure was measured under, e.g. "synchronous_commit=on, fsync=on".</summary>
    public static async Task<string> CommitModeAsync(DbConnection connection, DatabaseKind kind)
    {
        var settings = kind == DatabaseKind.Postgres ? new[] { "synchronous_commit", "fsync" } : ["journal_mode", "synchronous"];
        var values = new List<string>();
        foreach (var setting in settings)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = kind == DatabaseKind.Postgres ? $"SHOW {setting}" : $"PRAGMA {setting}";
            values.Add($"{setting}={await command.ExecuteScalarAsync()}");
        }
        return string.Join(", ", values);
    }
}
