namespace CaseHub.Benchmarks;

/// <summary>The command line: a subcommand followed by <c>--name value</c> pairs.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public string Command { get; }

    public Args(string[] args)
    {
        Command = args.Length > 0 ? args[0] : "";
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            _values[args[i][2..]] = args[++i];
        }
    }

    public string Text(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;

    public int Number(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v.Replace("_", ""), System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public DatabaseKind Provider() => Text("provider", "sqlite").ToLowerInvariant() switch
    {
        "sqlite" => DatabaseKind.Sqlite,
        "postgres" or "postgresql" => DatabaseKind.Postgres,
        var other => throw new ArgumentException($"--provider is '{other}'; use sqlite or postgres."),
    };
}
