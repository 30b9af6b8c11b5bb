using System.Globalization;

namespace CaseHub.Benchmarks;

/// <summary>A markdown table printed to stdout; everything else the program says goes to stderr.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Row(params object[] cells)
    {
        _rows.Add([.. cells.Select(Format)]);
        return this;
    }

    public void Print(string title)
    {
        Console.Out.WriteLine($"### {title}");
        Console.Out.WriteLine();
        Console.Out.WriteLine($"| {string.Join(" | ", headers)} |");
        Console.Out.WriteLine($"|{string.Join("|", headers.Select(_ => "---"))}|");
        foreach (var row in _rows) Console.Out.WriteLine($"| {string.Join(" | ", row)} |");
        Console.Out.WriteLine();
        Console.Out.Flush();
    }

    private static string Format(object cell) => cell switch
    {
        double d => d.ToString(d >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    public static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");
}
